package helpgen

import "fmt"

// Error is a problem found in one markdown file. Message is the text platyPS
// 0.14.2 gives for the same input (HelpSchemaException and friends); File and
// Line (1-based, in the original file) say where.
type Error struct {
	File    string
	Line    int
	Message string
}

func (e *Error) Error() string {
	return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Message)
}

// Messages platyPS produces. They are kept verbatim so that users searching
// for a platyPS error find the same words.
const (
	msgExpectHeading      = "Expect Heading"
	msgExpectHeadingLevel = "Expect Heading level %d"
	msgUnexpectedHeader   = "Unexpected header name %s"
	msgUnknownLevel       = "Booo, I don't know what is the heading level %d"
	msgExpectHyperlink    = "Expect hyperlink, but got %s"
	msgYAMLNotKeyValue    = "Invalid yaml: expected simple key-value pairs"
	msgYAMLUnknownKey     = "Invalid yaml: unknown key %s"
	// .NET's NullReferenceException text: platyPS dereferences null in a few
	// places (see transform.go) and New-ExternalHelp then fails with this.
	msgNullReference = "Object reference not set to an instance of an object."
	// .NET's ArgumentOutOfRangeException text for String.Substring(-1), hit by
	// TextRenderer.WrapAndAppendLines when a line starts with a word longer
	// than the wrap width.
	msgSubstringRange = "startIndex cannot be less than zero. (Parameter 'startIndex')"
	msgSchema100      = "platyPS schema version 1.0.0 is deprecated and not supported"
	msgSchemaInvalid  = "Cannot validate argument on parameter 'schema'. The argument %q does not belong to the set \"1.0.0,2.0.0\""
)
