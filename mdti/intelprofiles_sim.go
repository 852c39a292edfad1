package mdti

import (
	"time"

	passivetotal "github.com/ptstix/passivetotal"
)

// ProfileSimData is what a Graph simulator serves for intelligence
// profiles and vulnerabilities. Every value is invented (documentation
// domains and addresses, made-up actors); the CVEs are real identifiers
// with descriptions written for the simulation. Each model marshals to
// Graph's JSON shape, so a simulator can serve it with json.Marshal.
type ProfileSimData struct {
	// Profiles is the /intelProfiles collection, in the order served.
	Profiles []IntelProfile
	// Indicators is /intelProfiles/{id}/indicators by profile ID.
	Indicators map[string][]IntelProfileIndicator
	// Vulnerabilities are served by ID at /vulnerabilities/{id}.
	Vulnerabilities []Vulnerability
	// Components and Articles are /vulnerabilities/{id}/components and
	// /vulnerabilities/{id}/articles by vulnerability ID.
	Components map[string][]VulnerabilityComponent
	Articles   map[string][]VulnerabilityArticle
}

// ProfileSimulation returns a fresh copy of the simulated data: three
// profiles (two actors, one tool) whose indicators include artifacts the
// mapping must skip (a host component, an unknown kind, an invalid host
// name), and two vulnerabilities with components and articles.
func ProfileSimulation() *ProfileSimData {
	// The times are constants; a test checks that every one parses.
	at := func(s string) passivetotal.Time {
		t, _ := time.Parse(time.RFC3339, s)
		return passivetotal.NewTime(t)
	}
	text := func(s string) FormattedText { return FormattedText{Content: s, Format: "text"} }
	md := func(s string) FormattedText { return FormattedText{Content: s, Format: "markdown"} }
	host := func(id, source, first, last string, typ string) IntelProfileIndicator {
		ind := IntelProfileIndicator{ID: id + "-" + source, Source: source, FirstSeen: at(first), Artifact: ProfileArtifact{Type: typ, ID: id}}
		if last != "" {
			ind.LastSeen = at(last)
		}
		return ind
	}
	other := func(kind, value, source, first string) IntelProfileIndicator {
		return IntelProfileIndicator{
			ID: kind + ":" + value, Source: source, FirstSeen: at(first),
			Artifact: ProfileArtifact{Type: "unclassifiedArtifact", ID: kind + ":" + value, Kind: kind, Value: value},
		}
	}
	return &ProfileSimData{
		Profiles: []IntelProfile{
			{
				ID: "sim-actor-tempest", Kind: ProfileKindActor, Title: "Example Tempest",
				Aliases: []string{"EXAMPLE-GROUP-1", "Paper Heron"}, FirstActive: at("2019-06-01T00:00:00Z"),
				Targets: []string{"Financial Services: Banking", "Retail: E-commerce", "Ukraine"},
				Origins: []ProfileOrigin{{Code: "RU", Label: "Russia"}},
				Summary: text("Example Tempest is a simulated financially motivated group that phishes bank staff."),
				Description: md("## Snapshot\nExample Tempest appeared in **2019** and targets payment systems. " +
					"It exploits [CVE-2021-44228](https://nvd.nist.gov/vuln/detail/CVE-2021-44228) on exposed servers."),
				Tradecraft: md("- Spear phishing with invoice lures\n- Loader delivered as `invoice.exe`"),
			},
			{
				ID: "sim-actor-blizzard", Kind: ProfileKindActor, Title: "Sample Blizzard",
				Aliases: []string{"SAMPLE-7"}, FirstActive: at("2013-03-01T00:00:00Z"),
				Targets: []string{"Government Agencies & Services: Defense", "Non-Government Organization: Human Rights Organization", "Germany", "Eastern Europe"},
				Origins: []ProfileOrigin{{Code: "IR", Label: "Iran"}},
				Summary: text("Sample Blizzard is a simulated espionage group."),
				Tradecraft: FormattedText{Format: "html",
					Content: "<p>Password spraying against <b>VPN</b> portals &amp; web shells.</p>"},
			},
			{
				ID: "sim-tool-loader", Kind: ProfileKindTool, Title: "ExampleLoader",
				Aliases: []string{"ExLoad"}, FirstActive: at("2020-02-24T00:00:00Z"),
				Summary: text("ExampleLoader is a simulated modular downloader used by Example Tempest."),
			},
		},
		Indicators: map[string][]IntelProfileIndicator{
			"sim-actor-tempest": {
				host("login-example.net", "microsoft", "2022-05-02T23:09:20Z", "2022-06-01T00:00:00Z", "hostname"),
				host("pay-example.com", "osint", "2021-01-10T10:00:00Z", "", "hostname"),
				host("198.51.100.23", "microsoft", "2021-03-04T05:06:07Z", "2021-09-04T05:06:07Z", "ipAddress"),
				host("2001:db8::23", "public", "2021-03-04T05:06:07Z", "", "ipAddress"),
				other("url", "http://login-example.net/invoice.php?id='1'", "microsoft", "2022-05-03T00:00:00Z"),
				other("email", "billing@pay-example.com", "osint", "2021-01-11T00:00:00Z"),
				other("hash_sha256", "fa24fc336bc30e3dd153401d890d26e73f50cbecd551db9a2556870b9207b391", "microsoft", "2022-05-02T00:00:00Z"),
				host("hc-1", "microsoft", "2022-01-01T00:00:00Z", "", "hostComponent"),
			},
			"sim-actor-blizzard": {
				host("vpn-portal.example.org", "microsoft", "2020-07-01T00:00:00Z", "2023-01-01T00:00:00Z", "hostname"),
				host("203.0.113.77", "microsoft", "2020-07-02T00:00:00Z", "", "ipAddress"),
				other("filepath", `C:\ProgramData\svc\update.aspx`, "public", "2020-08-01T00:00:00Z"),
				other("cookie_name", "ASPSESSIONID", "microsoft", "2020-08-01T00:00:00Z"),
				host("not a host name", "osint", "2020-08-01T00:00:00Z", "", "hostname"),
			},
			"sim-tool-loader": {
				other("hash_md5", "eaf3723d8775d2271f9d7905c0943353", "public", "2020-03-01T00:00:00Z"),
				other("hash_sha1", "928263300edc211a38bf4f85d415e8362d8846b0", "public", "2020-03-01T00:00:00Z"),
				other("mutex", `Global\ExLoadMutex`, "microsoft", "2020-03-02T00:00:00Z"),
				{
					ID: "cert-1", Source: "microsoft", FirstSeen: at("2020-04-01T00:00:00Z"),
					Artifact: ProfileArtifact{Type: "sslCertificate", ID: "cert-1", SHA1: "ca118f05d354d16d50ffe2f421abce38d8bacffc"},
				},
			},
		},
		Vulnerabilities: []Vulnerability{
			{
				ID: "CVE-2021-44228", PriorityScore: 100, Severity: "critical",
				CVSS2:  &CVSSSummary{Score: profileScore(9.3), Severity: "high", VectorString: "AV:N/AC:M/Au:N/C:C/I:C/A:C"},
				CVSS3:  &CVSSSummary{Score: profileScore(10), Severity: "critical", VectorString: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H"},
				CWEIDs: []string{"CWE-20", "CWE-400", "CWE-502"},
				Description: md("Simulated description: a **remote code execution** flaw in a logging library's " +
					"lookup feature lets an attacker run code with a crafted string."),
				Remediation:       md("##### Upgrade\nInstall the fixed release of the library."),
				Exploits:          []Hyperlink{{Name: "Simulated exploit write-up", URL: "https://exploits.example.com/44228"}},
				References:        []Hyperlink{{Name: "Simulated advisory", URL: "https://advisories.example.org/cve-2021-44228"}},
				ExploitsAvailable: true, ActiveExploitsObserved: true, HasChatter: true,
				Created: at("2021-11-27T13:18:28Z"), LastModified: at("2023-02-06T18:53:00Z"), Published: at("2021-12-10T18:15:00Z"),
			},
			{
				ID: "CVE-2023-23397", PriorityScore: 80, Severity: "high",
				CVSS3:       &CVSSSummary{Score: profileScore(9.8), Severity: "critical", VectorString: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"},
				CWEIDs:      []string{"CWE-294"},
				Description: text("Simulated description: a mail client leaks credentials when it processes a crafted reminder."),
				Created:     at("2023-03-14T00:00:00Z"), Published: at("2023-03-14T17:15:00Z"),
			},
		},
		Components: map[string][]VulnerabilityComponent{
			"CVE-2021-44228": {{ID: "comp-log", Name: "Example Log Library 2.14.1"}, {ID: "comp-app", Name: "Example Application Server 9"}},
			"CVE-2023-23397": {{ID: "comp-mail", Name: "Example Mail Client 2021"}},
		},
		Articles: map[string][]VulnerabilityArticle{
			"CVE-2021-44228": {{
				ID: "sim-article-log", Title: "Simulated: exploitation of the logging flaw",
				Summary: text("Example Tempest exploits CVE-2021-44228."), Tags: []string{"CVE-2021-44228", "Example Tempest"},
				Created: at("2021-12-12T00:00:00Z"),
			}},
		},
	}
}

func profileScore(f float64) *float64 { return &f }
