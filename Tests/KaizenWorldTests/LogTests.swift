import Testing
import KaizenWorld

@Suite struct LogTests {
    let world = TestWorlds.small
    var config: WorldConfig { world.config }

    @Test func sizesMatchTheConfig() {
        let logs = world.logs
        #expect(logs.train.count + logs.validation.count == config.impressions)
        #expect(logs.userFeatures.count == config.users * logs.userFeatureCount)
        #expect(logs.itemFeatures.count == config.items * logs.itemFeatureCount)
        #expect((8...32).contains(logs.userFeatureCount))
        #expect((8...32).contains(logs.itemFeatureCount))
        #expect(logs.userFeatures.allSatisfy { $0.isFinite })
        #expect(logs.itemFeatures.allSatisfy { $0.isFinite })
        for log in [logs.train, logs.validation] {
            #expect([log.items.count, log.days.count, log.positions.count, log.clicks.count, log.watchSeconds.count,
                     log.watchFraction.count, log.satisfaction.count, log.returnedNextDay.count, log.longTermValue.count]
                .allSatisfy { $0 == log.count })
            #expect(log.users.allSatisfy { $0 >= 0 && Int($0) < config.users })
            #expect(log.items.allSatisfy { $0 >= 0 && Int($0) < config.items })
            #expect(log.positions.allSatisfy { $0 >= 0 && Int($0) < config.slateSize })
            #expect(log.longTermValue.allSatisfy { $0.isFinite })
        }
    }

    @Test func validationComesAfterTrainByDay() {
        let logs = world.logs
        let lastTrain = logs.train.days.max() ?? -1
        let firstValidation = logs.validation.days.min() ?? .max
        #expect(lastTrain < firstValidation)
        #expect(logs.trainDays.upperBound == logs.validationDays.lowerBound)
        let share = Double(logs.validation.count) / Double(config.impressions)
        #expect(abs(share - config.validationFraction) < 0.03, "validation share \(share)")
    }

    @Test func aboutFivePercentAreSurveyedAndAnswersAreValid() {
        let log = world.logs.train
        let surveyed = log.satisfaction.filter { !$0.isNaN }
        let rate = Double(surveyed.count) / Double(log.count)
        #expect(abs(rate - 0.05) < 0.006, "survey rate \(rate)")
        #expect(surveyed.allSatisfy { (0...1).contains($0) })
        for r in 0..<log.count where !log.clicks[r] {
            #expect(log.watchSeconds[r] == 0 && log.watchFraction[r] == 0)
            if !log.satisfaction[r].isNaN { #expect(log.satisfaction[r] == 0) }
        }
    }

    @Test func everyItemIsShownInTraining() {
        let seen = Set(world.logs.train.items)
        #expect(seen.count == config.items)
    }

    @Test func clickbaitIsClickedButNotWatchedOrEnjoyed() {
        let log = world.logs.train
        var clicks = [0.0, 0.0], shown = [0.0, 0.0], watch = [0.0, 0.0], sat = [0.0, 0.0], surveyed = [0.0, 0.0]
        for r in 0..<log.count {
            let k = world.latentItem(Int(log.items[r])).clickbait >= 0.5 ? 1 : 0
            shown[k] += 1
            guard log.clicks[r] else { continue }
            clicks[k] += 1
            watch[k] += Double(log.watchFraction[r])
            if !log.satisfaction[r].isNaN { sat[k] += Double(log.satisfaction[r]); surveyed[k] += 1 }
        }
        #expect(clicks[1] / shown[1] > clicks[0] / shown[0])
        #expect(watch[1] / clicks[1] < 0.6 * watch[0] / clicks[0])
        #expect(sat[1] / surveyed[1] < 0.6 * sat[0] / surveyed[0])
    }

    @Test func sliceKeepsRows() {
        let log = world.logs.train
        let part = log.slice(100..<250)
        #expect(part.count == 150)
        #expect(part.users == Array(log.users[100..<250]))
        #expect(part.longTermValue == Array(log.longTermValue[100..<250]))
    }
}
