package stix_test

import (
	"fmt"
	"os"
	"time"

	"github.com/ptstix/passivetotal/stix"
)

func ExampleDomainNameID() {
	id, err := stix.DomainNameID("passivetotal.org")
	if err != nil {
		panic(err)
	}
	fmt.Println(id)
	// Output: domain-name--b665a14d-fe35-5462-a1be-574274388349
}

func ExampleReportID() {
	published := time.Date(2021, 3, 5, 8, 0, 0, 0, time.UTC)
	for _, p := range []stix.IDPolicy{stix.PolicyOpenCTI, stix.PolicyLegacy, stix.PolicyStrict} {
		id, _ := stix.ReportID(p, "Spam Farm Spotted in the Wild", published)
		fmt.Println(p, id)
	}
	// Output:
	// opencti report--eedc4ccd-633a-529d-ba96-96d802ce3280
	// legacy report--06f7f4d5-6ebb-5588-ac3d-a2f98d46c36f
	// strict report--80e0693a-49dc-5154-9429-6ef30cfab6c4
}

func ExampleAnd() {
	p, err := stix.And(
		stix.Equals("file:name", "O'Brien.exe"),
		stix.Equals("file:parent_directory_ref.path", `C:\Temp`),
	)
	if err != nil {
		panic(err)
	}
	fmt.Println(p)
	h, _ := stix.Pattern(stix.HashPath("file", "sha256"), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
	fmt.Println(h)
	// Output:
	// [file:name = 'O\'Brien.exe' AND file:parent_directory_ref.path = 'C:\\Temp']
	// [file:hashes.'SHA-256' = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855']
}

func ExampleHighestTLP() {
	t := stix.HighestTLP(stix.TLPClear, stix.TLPAmber, stix.TLPGreen)
	fmt.Println(t, t.ID())
	// Output: TLP:AMBER marking-definition--f88d31f6-486f-44da-b317-01333bde0b82
}

func ExampleBundleWriter() {
	id, _ := stix.DomainNameID("example.com")
	d := &stix.DomainName{
		ObservableCommon: stix.ObservableCommon{ID: id, ObjectMarkingRefs: []string{stix.TLPGreenID}},
		Value:            "example.com",
	}
	w := stix.NewBundleWriter(os.Stdout, "")
	w.Write(stix.TLPGreen.Definition())
	w.Write(d)
	w.Write(d) // duplicate: skipped
	if err := w.Close(); err != nil {
		panic(err)
	}
	fmt.Println()
	fmt.Println(w.Count(), "objects, same ID as in memory:", stix.NewBundle(stix.TLPGreen.Definition(), d).ID)
	// Output:
	// {"type":"bundle","objects":[{"type":"marking-definition","spec_version":"2.1","id":"marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da","created":"2017-01-20T00:00:00.000Z","name":"TLP:GREEN","definition_type":"tlp","definition":{"tlp":"green"}},{"type":"domain-name","spec_version":"2.1","id":"domain-name--bedb4899-d24b-5401-bc86-8f6b4cc18ec7","object_marking_refs":["marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da"],"value":"example.com"}],"id":"bundle--1aabee45-1fe9-5918-8979-e1070ce2d78f"}
	// 2 objects, same ID as in memory: bundle--1aabee45-1fe9-5918-8979-e1070ce2d78f
}
