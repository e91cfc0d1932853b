import Foundation
import KaizenCore

/// Prints one JSON document on standard output.
func printJSON(_ value: JSONValue) {
    print(value.prettyText)
}
