import Foundation

/// Computes the dense user and item features of `WorldLogs` from train-period logs only.
/// Everything here is observable (what a real service could count); no latent truth leaks
/// apart from item metadata a service knows anyway (topic, length, age).
enum FeatureBuilder {
    static func userFeatureCount(topics: Int) -> Int { topics + 6 }
    static func itemFeatureCount(topics: Int) -> Int { topics + 6 }
    /// Column of the smoothed train CTR among the item features.
    static func itemCTRColumn(topics: Int) -> Int { topics + 2 }

    static func build(train: ImpressionLog, latent: LatentPopulation) -> (user: [Float], item: [Float]) {
        let users = latent.users, items = latent.items, topics = latent.topics

        // Item counts.
        var itemImpressions = [Double](repeating: 0, count: items)
        var itemClicks = [Double](repeating: 0, count: items)
        var itemWatch = [Double](repeating: 0, count: items)
        var itemSatSum = [Double](repeating: 0, count: items)
        var itemSatCount = [Double](repeating: 0, count: items)
        var clicks = 0.0, watch = 0.0, satSum = 0.0, satCount = 0.0, returned = 0.0
        for r in 0..<train.count {
            let i = Int(train.items[r])
            itemImpressions[i] += 1
            if train.returnedNextDay[r] { returned += 1 }
            guard train.clicks[r] else { continue }
            itemClicks[i] += 1
            clicks += 1
            itemWatch[i] += Double(train.watchFraction[r])
            watch += Double(train.watchFraction[r])
            let s = train.satisfaction[r]
            if !s.isNaN {
                itemSatSum[i] += Double(s)
                itemSatCount[i] += 1
                satSum += Double(s)
                satCount += 1
            }
        }
        let n = Double(max(1, train.count))
        let globalCTR = clicks / n
        let globalWatch = clicks > 0 ? watch / clicks : 0.5
        let globalSat = satCount > 0 ? satSum / satCount : 0.5
        let globalReturn = returned / n
        let maxItemImpressions = itemImpressions.max() ?? 0

        let itemCount = itemFeatureCount(topics: topics)
        var item = [Float](repeating: 0, count: items * itemCount)
        var itemWatchPrior = [Double](repeating: 0, count: items)
        let logLengthLow = log(30.0), logLengthHigh = log(3600.0)
        for i in 0..<items {
            let row = i * itemCount
            item[row + Int(latent.itemTopic[i])] = 1
            item[row + topics] = Float((log(latent.lengthSeconds[i]) - logLengthLow) / (logLengthHigh - logLengthLow))
            item[row + topics + 1] = Float(maxItemImpressions > 0 ? log1p(itemImpressions[i]) / log1p(maxItemImpressions) : 0)
            item[row + topics + 2] = Float((itemClicks[i] + 20 * globalCTR) / (itemImpressions[i] + 20))
            let watchPrior = (itemWatch[i] + 5 * globalWatch) / (itemClicks[i] + 5)
            itemWatchPrior[i] = watchPrior
            item[row + topics + 3] = Float(watchPrior)
            item[row + topics + 4] = Float((itemSatSum[i] + 3 * globalSat) / (itemSatCount[i] + 3))
            item[row + topics + 5] = Float(min(1, log1p(latent.ageDays[i]) / log1p(1000)))
        }

        // User counts.
        var userImpressions = [Double](repeating: 0, count: users)
        var userClicks = [Double](repeating: 0, count: users)
        var userTopicClicks = [Double](repeating: 0, count: users * topics)
        var userWatch = [Double](repeating: 0, count: users)
        var userReturned = [Double](repeating: 0, count: users)
        var userSatSum = [Double](repeating: 0, count: users)
        var userSatCount = [Double](repeating: 0, count: users)
        var userAbandoned = [Double](repeating: 0, count: users)
        var topicClicks = [Double](repeating: 0, count: topics)
        var abandoned = 0.0
        for r in 0..<train.count {
            let u = Int(train.users[r])
            userImpressions[u] += 1
            if train.returnedNextDay[r] { userReturned[u] += 1 }
            guard train.clicks[r] else { continue }
            let i = Int(train.items[r])
            let t = Int(latent.itemTopic[i])
            userClicks[u] += 1
            userTopicClicks[u * topics + t] += 1
            topicClicks[t] += 1
            userWatch[u] += Double(train.watchFraction[r])
            let s = train.satisfaction[r]
            if !s.isNaN { userSatSum[u] += Double(s); userSatCount[u] += 1 }
            let quickExit = 1 - itemWatchPrior[i]
            userAbandoned[u] += quickExit
            abandoned += quickExit
        }
        let topicShare = topicClicks.map { clicks > 0 ? $0 / clicks : 1 / Double(topics) }
        let globalAbandoned = clicks > 0 ? abandoned / clicks : 0.5
        let maxUserImpressions = userImpressions.max() ?? 0

        let userCount = userFeatureCount(topics: topics)
        var user = [Float](repeating: 0, count: users * userCount)
        for u in 0..<users {
            let row = u * userCount
            let c = userClicks[u]
            for t in 0..<topics { user[row + t] = Float((userTopicClicks[u * topics + t] + 2 * topicShare[t]) / (c + 2)) }
            user[row + topics] = Float(maxUserImpressions > 0 ? log1p(userImpressions[u]) / log1p(maxUserImpressions) : 0)
            user[row + topics + 1] = Float((c + 5 * globalCTR) / (userImpressions[u] + 5))
            user[row + topics + 2] = Float((userWatch[u] + 2 * globalWatch) / (c + 2))
            user[row + topics + 3] = Float((userReturned[u] + 5 * globalReturn) / (userImpressions[u] + 5))
            user[row + topics + 4] = Float((userSatSum[u] + 2 * globalSat) / (userSatCount[u] + 2))
            user[row + topics + 5] = Float((userAbandoned[u] + 2 * globalAbandoned) / (c + 2))
        }
        return (user, item)
    }
}
