import Foundation

/// BERT's text normalization, as Hugging Face's `BertNormalizer` (which sentence-transformers
/// runs) does it, in the same order: drop NUL, U+FFFD and other-category characters (Cc, Cf,
/// Cn, Co, Cs) and turn every whitespace into a space; put spaces around CJK ideographs; NFD
/// and drop nonspacing marks (accents); lower-case each scalar. It works on Unicode scalars,
/// not Swift's grapheme clusters, because the vocabulary and the 100-character word limit are
/// defined on scalars.
struct BertNormalizer: Sendable {
    var cleanText = true
    var handleChineseChars = true
    var stripAccents = true
    var lowercase = true

    /// Normalizes `text` into `out` (cleared first; its capacity is reused).
    func normalize(_ text: Substring.UnicodeScalarView, into out: inout [Unicode.Scalar]) {
        out.removeAll(keepingCapacity: true)
        var ascii = true
        for original in text {
            var scalar = original
            if cleanText {
                if scalar.value == 0 || scalar.value == 0xFFFD || Self.isControl(scalar) { continue }
                if Self.isWhitespace(scalar) { scalar = " " }
            }
            if scalar.value >= 0x80 {
                ascii = false
                if handleChineseChars && Self.isChineseCharacter(scalar) {
                    out.append(" ")
                    out.append(scalar)
                    out.append(" ")
                    continue
                }
            }
            out.append(scalar)
        }
        if ascii {
            if lowercase {
                for i in out.indices where out[i].value &- 65 < 26 { out[i] = Unicode.Scalar(UInt8(out[i].value &+ 32)) }
            }
            return
        }
        if stripAccents {
            let decomposed = String(String.UnicodeScalarView(out)).decomposedStringWithCanonicalMapping
            out.removeAll(keepingCapacity: true)
            for scalar in decomposed.unicodeScalars where scalar.properties.generalCategory != .nonspacingMark {
                out.append(scalar)
            }
        }
        if lowercase {
            var lowered: [Unicode.Scalar] = []
            lowered.reserveCapacity(out.count)
            for scalar in out {
                if scalar.value < 0x80 {
                    lowered.append(scalar.value &- 65 < 26 ? Unicode.Scalar(UInt8(scalar.value &+ 32)) : scalar)
                } else {
                    lowered.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
                }
            }
            out = lowered
        }
    }

    /// Rust's `char::is_whitespace` (the White_Space property), with tab, newline and return.
    @inline(__always)
    static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        if v < 0x80 { return v == 32 || (v >= 9 && v <= 13) }
        return scalar.properties.isWhitespace
    }

    /// The "other" general categories (Cc, Cf, Cn, Co, Cs), except tab, newline and return.
    @inline(__always)
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        if v < 0x80 { return (v < 32 && v != 9 && v != 10 && v != 13) || v == 127 }
        switch scalar.properties.generalCategory {
        case .control, .format, .unassigned, .privateUse, .surrogate: return true
        default: return false
        }
    }

    /// ASCII punctuation (which includes `$+<=>^`|~`, symbols in Unicode) or any P* category.
    @inline(__always)
    static func isPunctuation(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        if v < 0x80 { return (v >= 33 && v <= 47) || (v >= 58 && v <= 64) || (v >= 91 && v <= 96) || (v >= 123 && v <= 126) }
        switch scalar.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
             .initialPunctuation, .finalPunctuation, .otherPunctuation:
            return true
        default:
            return false
        }
    }

    /// The CJK Unified Ideograph blocks BERT splits into single characters (not Hangul, kana).
    @inline(__always)
    static func isChineseCharacter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0x20000...0x2A6DF, 0x2A700...0x2B73F,
             0x2B740...0x2B81F, 0x2B920...0x2CEAF, 0xF900...0xFAFF, 0x2F800...0x2FA1F:
            return true
        default:
            return false
        }
    }
}
