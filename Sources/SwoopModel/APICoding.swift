import Foundation

/// The JSON conventions of the HTTP API, shared by server and client so both read what the other writes:
/// dates are integer milliseconds since 1970 (as the store keeps them), keys sorted, and non-finite
/// numbers written as the strings `"NaN"`, `"Infinity"`, `"-Infinity"` (which decode back to numbers).
public enum APICoding {
    public static func makeEncoder() -> JSONEncoder {
        let e = JSONEncoder()
        e.dateEncodingStrategy = .millisecondsSince1970
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        e.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return e
    }

    public static func makeDecoder() -> JSONDecoder {
        let d = JSONDecoder()
        d.dateDecodingStrategy = .millisecondsSince1970
        d.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return d
    }
}
