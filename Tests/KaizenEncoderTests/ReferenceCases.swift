import Foundation

/// `Reference/reference.json`: sentences with the token ids and embeddings that
/// sentence-transformers computed (see `Reference/make_reference.py`).
struct ReferenceCases: Decodable {
    struct Case: Decodable {
        let text: String
        let ids: [Int]
        let embedding: [Float]
    }

    let maxSequenceLength: Int
    let cases: [Case]

    static let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Reference/reference.json")

    static let shared: Result<ReferenceCases, any Error> = Result {
        try JSONDecoder().decode(ReferenceCases.self, from: Data(contentsOf: url))
    }

    static func load() throws -> ReferenceCases { try shared.get() }
}

func cosine(_ a: [Float], _ b: [Float]) -> Double {
    var dot = 0.0, na = 0.0, nb = 0.0
    for (x, y) in zip(a, b) {
        dot += Double(x) * Double(y)
        na += Double(x) * Double(x)
        nb += Double(y) * Double(y)
    }
    return dot / (na.squareRoot() * nb.squareRoot())
}

func norm(_ a: [Float]) -> Double { a.reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot() }
