package main

import (
	"encoding/xml"
	"fmt"
	"regexp"
	"strings"
)

// metadata is what the gallery reads from a module's manifest.
type metadata struct {
	ID, Version, Authors, Owners, Description, Copyright string
	ProjectURL, LicenseURL, IconURL, ReleaseNotes        string
	Tags                                                 []string
	Cmdlets                                              []string
}

var semver = regexp.MustCompile(`^\d+\.\d+\.\d+$`)

// fromManifest takes the fields PSResourceGet's Publish-PSResource takes
// (PublishHelper.CreateNuspec): ModuleVersion (+ PSData.Prerelease), Author,
// CompanyName as owners, Description, Copyright and PSData's URIs, release
// notes and tags.
func fromManifest(id string, m map[string]any) (metadata, error) {
	md := metadata{ID: id}
	str := func(from map[string]any, key string) string {
		s, _ := get(from, key).(string)
		return strings.TrimSpace(s)
	}
	md.Version = str(m, "ModuleVersion")
	if !semver.MatchString(md.Version) {
		return md, fmt.Errorf("ModuleVersion %q is not MAJOR.MINOR.PATCH", md.Version)
	}
	psdata, _ := get(m, "PrivateData").(map[string]any)
	psdata, _ = get(psdata, "PSData").(map[string]any)
	if pre := str(psdata, "Prerelease"); pre != "" {
		md.Version += "-" + pre
	}
	md.Authors, md.Owners = str(m, "Author"), str(m, "CompanyName")
	md.Description, md.Copyright = str(m, "Description"), str(m, "Copyright")
	md.ProjectURL, md.LicenseURL, md.IconURL = str(psdata, "ProjectUri"), str(psdata, "LicenseUri"), str(psdata, "IconUri")
	md.ReleaseNotes = str(psdata, "ReleaseNotes")
	md.Tags, _ = get(psdata, "Tags").([]string)
	md.Cmdlets, _ = get(m, "CmdletsToExport").([]string)
	for name, v := range map[string]string{"Author": md.Authors, "Description": md.Description, "PSData.ProjectUri": md.ProjectURL, "PSData.LicenseUri": md.LicenseURL} {
		if v == "" {
			return md, fmt.Errorf("the manifest lacks %s, which the gallery shows", name)
		}
	}
	return md, nil
}

// keywords are the gallery's tags: PSModule, the manifest's tags, and the
// PSIncludes_/PSCmdlet_/PSCommand_ tags by which Find-Module -Command finds it.
func (md metadata) keywords() string {
	k := append([]string{"PSModule"}, md.Tags...)
	if len(md.Cmdlets) > 0 {
		k = append(k, "PSIncludes_Cmdlet")
	}
	for _, c := range md.Cmdlets {
		k = append(k, "PSCmdlet_"+c, "PSCommand_"+c)
	}
	return strings.Join(k, " ")
}

type element struct {
	XMLName xml.Name
	Text    string `xml:",chardata"`
}

// nuspec writes <id>.nuspec as PSResourceGet does.
func (md metadata) nuspec() []byte {
	var items []element
	add := func(name, value string) {
		if value != "" {
			items = append(items, element{xml.Name{Local: name}, value})
		}
	}
	add("id", md.ID)
	add("version", md.Version)
	add("authors", md.Authors)
	add("owners", md.Owners)
	add("requireLicenseAcceptance", "false")
	add("licenseUrl", md.LicenseURL)
	add("projectUrl", md.ProjectURL)
	add("iconUrl", md.IconURL)
	add("description", md.Description)
	add("releaseNotes", md.ReleaseNotes)
	add("copyright", md.Copyright)
	add("tags", md.keywords())
	doc := struct {
		XMLName  xml.Name  `xml:"http://schemas.microsoft.com/packaging/2011/08/nuspec.xsd package"`
		Metadata []element `xml:"metadata>x"`
	}{Metadata: items}
	return marshal(doc)
}

// coreProperties is the OPC part NuGet writes beside the nuspec (.psmdcp).
func (md metadata) coreProperties() []byte {
	doc := struct {
		XMLName     xml.Name `xml:"http://schemas.openxmlformats.org/package/2006/metadata/core-properties coreProperties"`
		DC          string   `xml:"xmlns:dc,attr"`
		DCTerms     string   `xml:"xmlns:dcterms,attr"`
		XSI         string   `xml:"xmlns:xsi,attr"`
		Creator     string   `xml:"dc:creator"`
		Description string   `xml:"dc:description"`
		Identifier  string   `xml:"dc:identifier"`
		Version     string   `xml:"version"`
		Keywords    string   `xml:"keywords"`
		ModifiedBy  string   `xml:"lastModifiedBy"`
	}{
		DC: "http://purl.org/dc/elements/1.1/", DCTerms: "http://purl.org/dc/terms/", XSI: "http://www.w3.org/2001/XMLSchema-instance",
		Creator: md.Authors, Description: md.Description, Identifier: md.ID, Version: md.Version,
		Keywords: md.keywords(), ModifiedBy: "PSDocker cmd/nupkg",
	}
	return marshal(doc)
}

func marshal(v any) []byte {
	out, err := xml.MarshalIndent(v, "", "  ")
	if err != nil {
		panic(err) // only fixed shapes are marshalled
	}
	return append([]byte(xml.Header), out...)
}
