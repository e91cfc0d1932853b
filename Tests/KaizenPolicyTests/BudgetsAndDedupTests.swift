import Testing
import KaizenPolicy

/// The small helpers that enforcement code will call: prices and near-duplicates.
struct BudgetsAndDedupTests {
    @Test func costUsesPerThousandPricesAndRefusesUnlistedModels() throws {
        let budgets = try Policy.load(files: PolicyFixtures.files).budgets
        #expect(budgets.cost(model: "local", promptTokens: 50_000, completionTokens: 50_000) == 0)
        #expect(budgets.cost(model: "big", promptTokens: 2_000, completionTokens: 1_000) == 2.5)
        #expect(budgets.cost(model: "unknown", promptTokens: 1, completionTokens: 1) == nil)
        #expect(budgets.price(for: "big")?.completionPer1K == 1.5)
    }

    @Test func nearDuplicateIsAtMostTheThreshold() throws {
        let dedup = try Policy.load(files: PolicyFixtures.files).dedup
        #expect(dedup.threshold(for: "architecture") == 0.05)
        #expect(dedup.isNearDuplicate(distance: 0.05, persona: "architecture"))
        #expect(!dedup.isNearDuplicate(distance: 0.051, persona: "architecture"))
        #expect(dedup.isNearDuplicate(distance: 0, persona: "unknown"))
        #expect(!dedup.isNearDuplicate(distance: 0.001, persona: "unknown"))
    }
}
