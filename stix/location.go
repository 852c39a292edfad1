package stix

import (
	"errors"
	"fmt"
	"math"

	"github.com/ptstix/passivetotal/internal/canonjson"
)

// Location is a STIX location SDO (STIX 2.1 section 4.11). OpenCTI tells
// its kinds apart with XOpenCTILocationType, which also takes part in the
// ID (see [LocationID] and [PositionID]).
type Location struct {
	Common
	Name               string   `json:"name,omitempty"`
	Description        string   `json:"description,omitempty"`
	Latitude           *float64 `json:"latitude,omitempty"`
	Longitude          *float64 `json:"longitude,omitempty"`
	Precision          *float64 `json:"precision,omitempty"`
	Region             string   `json:"region,omitempty"`
	Country            string   `json:"country,omitempty"`
	AdministrativeArea string   `json:"administrative_area,omitempty"`
	City               string   `json:"city,omitempty"`
	StreetAddress      string   `json:"street_address,omitempty"`
	PostalCode         string   `json:"postal_code,omitempty"`

	// XOpenCTILocationType is OpenCTI's x_opencti_location_type, one of
	// the LocationType* constants.
	XOpenCTILocationType string `json:"x_opencti_location_type,omitempty"`
}

// OpenCTI's location kinds (x_opencti_location_type).
const (
	LocationTypeRegion             = "Region"
	LocationTypeCountry            = "Country"
	LocationTypeAdministrativeArea = "Administrative-Area"
	LocationTypeCity               = "City"
	LocationTypePosition           = "Position"
)

// Type returns "location".
func (*Location) Type() string { return TypeLocation }

// LocationID returns the ID of a named location, as pycti computes it:
// {name: lower(strip(name)), x_opencti_location_type: locationType} (the
// type hashed as written, null when empty), except for a Position, which
// is hashed by {name: lower(strip(name))} alone; a Position with
// coordinates takes [PositionID] instead.
func LocationID(p IDPolicy, name, locationType string) (string, error) {
	var arr [idBufSize]byte
	b := newIDBuilder(&arr, p.namespace())
	b = b.lowerStr("name", name)
	switch locationType {
	case LocationTypePosition:
	case "":
		b = b.null("x_opencti_location_type")
	default:
		b = b.str("x_opencti_location_type", locationType)
	}
	return finishID(TypeLocation, b.buf, b.bad)
}

// PositionID returns the ID of a Position location with coordinates:
// {latitude, longitude}, each only when set (name and type do not
// contribute, as in pycti). It fails when neither is set or one is not a
// finite number.
func PositionID(p IDPolicy, latitude, longitude *float64) (string, error) {
	if latitude == nil && longitude == nil {
		return "", errors.New("stix: location id: Position without latitude or longitude (use LocationID)")
	}
	var arr [idBufSize]byte
	b := newIDBuilder(&arr, p.namespace())
	var err error
	if latitude != nil {
		b = b.key("latitude")
		if b.buf, err = canonjson.AppendNumber(b.buf, *latitude); err != nil {
			return "", fmt.Errorf("stix: location id: latitude: %w", err)
		}
	}
	if longitude != nil {
		b = b.key("longitude")
		if b.buf, err = canonjson.AppendNumber(b.buf, *longitude); err != nil {
			return "", fmt.Errorf("stix: location id: longitude: %w", err)
		}
	}
	return finishID(TypeLocation, b.buf, b.bad)
}

// AppendJSON appends the location's JSON to dst.
func (o *Location) AppendJSON(dst []byte) ([]byte, error) {
	w := writer{b: dst}
	w.open(TypeLocation)
	w.common(&o.Common)
	w.str("name", o.Name)
	w.str("description", o.Description)
	w.float64p("latitude", o.Latitude)
	w.float64p("longitude", o.Longitude)
	w.float64p("precision", o.Precision)
	w.str("region", o.Region)
	w.str("country", o.Country)
	w.str("administrative_area", o.AdministrativeArea)
	w.str("city", o.City)
	w.str("street_address", o.StreetAddress)
	w.str("postal_code", o.PostalCode)
	w.str("x_opencti_location_type", o.XOpenCTILocationType)
	w.custom(o.Custom, knownKeys[TypeLocation])
	return w.close()
}

// MarshalJSON implements json.Marshaler.
func (o Location) MarshalJSON() ([]byte, error) { return o.AppendJSON(nil) }

// UnmarshalJSON implements json.Unmarshaler, keeping unknown properties.
func (o *Location) UnmarshalJSON(b []byte) error {
	type plain Location
	return unmarshalInto(b, TypeLocation, (*plain)(o), &o.Custom)
}

// Validate checks the location as STIX 2.1 requires: region, country or
// both coordinates present; latitude and longitude together, in range;
// precision only with them; a known x_opencti_location_type. See
// [Validate].
func (o *Location) Validate() error {
	var v validator
	v.common(&o.Common, TypeLocation)
	if o.Region == "" && o.Country == "" && (o.Latitude == nil || o.Longitude == nil) {
		v.add("", "region, country or latitude and longitude required")
	}
	if (o.Latitude == nil) != (o.Longitude == nil) {
		v.add("latitude", "latitude and longitude must be given together")
	}
	v.coordinate("latitude", o.Latitude, 90)
	v.coordinate("longitude", o.Longitude, 180)
	if o.Precision != nil {
		if o.Latitude == nil || o.Longitude == nil {
			v.add("precision", "requires latitude and longitude")
		}
		if math.IsNaN(*o.Precision) || math.IsInf(*o.Precision, 0) || *o.Precision < 0 {
			v.add("precision", "must be a finite, non-negative number of meters")
		}
	}
	switch o.XOpenCTILocationType {
	case "", LocationTypeRegion, LocationTypeCountry, LocationTypeAdministrativeArea, LocationTypeCity, LocationTypePosition:
	default:
		v.add("x_opencti_location_type", "%q is not an OpenCTI location type", o.XOpenCTILocationType)
	}
	v.custom(o.Custom)
	return v.result()
}

func (v *validator) coordinate(prop string, c *float64, limit float64) {
	if c != nil && !(*c >= -limit && *c <= limit) { // also rejects NaN
		v.add(prop, "must be between -%g and %g", limit, limit)
	}
}
