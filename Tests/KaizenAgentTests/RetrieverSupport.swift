import KaizenRetriever
import KaizenStore

enum KaizenRetrieverSync {
    static func sync(_ store: Store) throws {
        _ = try KnowledgeBase.sync(store: store, knowledgeDirectory: Fixtures.knowledge)
    }

    static func retriever(_ store: Store) -> any Retriever { BM25Retriever(store: store) }
}
