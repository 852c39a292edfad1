package passivetotal

import (
	"encoding/json"
	"strings"
)

// Reputation is the answer of GET /reputation: RiskIQ's score of a host
// and the rules behind it. A Microsoft Graph decoder fills it from
// hosts/{id}/reputation (classification lower-case, severity as a word).
type Reputation struct {
	// Score is 0 to 100 (higher is worse); -1 when the server sent none
	// or a value out of that range.
	Score int `json:"score"`
	// Classification is upper-cased: "MALICIOUS", "SUSPICIOUS", "GOOD",
	// "UNKNOWN" (an open enum; Graph's "neutral" reads as "GOOD").
	Classification string           `json:"classification"`
	Rules          []ReputationRule `json:"rules"`
}

// ReputationRule is one reason for a score.
type ReputationRule struct {
	Name        string `json:"name"`
	Description string `json:"description"`
	Severity    int    `json:"severity"` // 1 (low) to 5 (high); 0 unknown
	Link        string `json:"link,omitempty"`
}

// UnmarshalJSON decodes the answer leniently.
func (r *Reputation) UnmarshalJSON(b []byte) error {
	var w struct {
		Score          *flexInt                 `json:"score"`
		Classification flexString               `json:"classification"`
		Rules          flexList[ReputationRule] `json:"rules"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*r = Reputation{Score: -1, Classification: normalizeClassification(string(w.Classification)), Rules: w.Rules}
	if w.Score != nil && *w.Score >= 0 && *w.Score <= 100 {
		r.Score = int(*w.Score)
	}
	return nil
}

// Malicious reports whether the classification is MALICIOUS or SUSPICIOUS.
func (r *Reputation) Malicious() bool {
	return r.Classification == "MALICIOUS" || r.Classification == "SUSPICIOUS"
}

func normalizeClassification(s string) string {
	s = strings.ToUpper(strings.TrimSpace(s))
	switch s {
	case "NEUTRAL":
		return "GOOD"
	case "UNKOWN":
		return "UNKNOWN"
	}
	return s
}

// UnmarshalJSON decodes one rule leniently: severity as a number or a word
// (low 2, medium 3, high 5, as Graph sends it).
func (r *ReputationRule) UnmarshalJSON(b []byte) error {
	var w struct {
		Name        flexString `json:"name"`
		Description flexString `json:"description"`
		Severity    flexString `json:"severity"`
		Link        flexString `json:"link"`
		Related     flexString `json:"relatedDetailsUrl"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*r = ReputationRule{Name: string(w.Name), Description: string(w.Description), Link: firstOf(w.Link, w.Related)}
	switch sev := strings.ToLower(string(w.Severity)); sev {
	case "low":
		r.Severity = 2
	case "medium":
		r.Severity = 3
	case "high":
		r.Severity = 5
	default:
		if n, err := parseFlexInt(sev); err == nil && n >= 1 && n <= 5 {
			r.Severity = n
		}
	}
	return nil
}
