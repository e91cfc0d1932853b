import Foundation
import KaizenCore
import KaizenStore
import ReviewFixtures
import Testing

/// The review page in a real browser: headless Chromium (Debian's `chromium` and
/// `chromium-driver`) driven over WebDriver against a real `kaizen serve`.
@Suite struct ReviewBrowserTests {
    static let token = "dana-browser-token-000001"

    @Test func aReviewerSignsInOpensTheQueueAndApprovesThroughTheForm() async throws {
        guard ChromeDriver.available else {
            if ProcessInfo.processInfo.environment["KAIZEN_REQUIRE_CHROMIUM"] == "1" {
                Issue.record("KAIZEN_REQUIRE_CHROMIUM=1 but chromium or chromedriver is missing (apt-get install chromium chromium-driver)")
            }
            return
        }
        let dir = try CLI.tinyWorkspace()
        let store = try Store.open(at: dir.appending(path: ".kaizen/kaizen.sqlite"))
        let fixture = try ReviewFixture(store: store)
        let server = try ServeProcess.start(workspace: dir, tokens: "dana:approver:\(Self.token)")
        defer { server.kill() }
        let driver = try await ChromeDriver.start()
        do {
            try await driver.navigate(to: URL(string: "\(server.url)/login")!)
            try await driver.type(Self.token, into: try await driver.findElement(css: "#token"))
            try await driver.click(element: try await driver.findElement(css: "#sign-in"))
            let link = try await driver.waitFor(css: "a.candidate[href=\"/candidates/\(fixture.awaiting)\"]")
            try await driver.click(element: link)
            try await driver.waitFor(css: "#approve")
            #expect(try await driver.title() == "Candidate \(fixture.awaiting) · Kaizen review")

            let png = try await driver.screenshot()
            #expect(png.prefix(8) == Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
            let artifact = Self.artifacts.appending(path: "review-candidate-page.png")
            try FileManager.default.createDirectory(at: Self.artifacts, withIntermediateDirectories: true)
            try png.write(to: artifact)
            print("screenshot of the candidate page: \(artifact.path) (\(png.count) bytes)")

            try await driver.type("checked the cost note", into: try await driver.findElement(css: "#note"))
            try await driver.click(element: try await driver.findElement(css: "#approve"))
            let flash = try await driver.waitFor(css: ".flash")
            #expect(try await driver.text(of: flash) == "Recorded: approved by dana.")
            #expect(try await driver.text(of: try await driver.findElement(css: "#state")) == "approved")
            try await driver.deleteSession()
        } catch {
            await driver.close()
            throw error
        }
        await driver.close()

        #expect(try store.candidate(fixture.awaiting).state == .approved)
        let approval = try #require(try store.approvals(candidate: fixture.awaiting).last)
        #expect(approval.actor == "dana")
        #expect(approval.note == "checked the cost note")
        let entry = try store.auditLog(subject: fixture.awaiting).last { $0.action == "approval.approve" }
        #expect(entry?.actor == "dana")
        #expect(entry?.details?["via"]?.stringValue == "web")
        #expect(try store.candidate(fixture.stale).state == .awaitingApproval)
    }

    /// `.build/test-artifacts` in the package.
    static var artifacts: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appending(path: ".build/test-artifacts")
    }
}

/// `kaizen serve --port 0` in the background, with the URL it printed.
final class ServeProcess: Sendable {
    let process: Process
    let url: String
    /// What it printed up to and including the line with its address.
    let output: String

    private init(process: Process, url: String, output: String) {
        self.process = process
        self.url = url
        self.output = output
    }

    static func start(workspace: URL, tokens: String?) throws -> ServeProcess {
        let process = Process()
        process.executableURL = CLI.executable
        process.arguments = ["serve", "--port", "0", "--workspace", workspace.path]
        var env = ProcessInfo.processInfo.environment
        env["KAIZEN_REVIEW_TOKENS"] = tokens
        process.environment = env
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let handle = out.fileHandleForReading
        var text = ""
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            let chunk = handle.availableData
            if chunk.isEmpty { break }
            text += String(decoding: chunk, as: UTF8.self)
            // The server prints its address, reviewers and any one-off token in one write.
            if let range = text.range(of: "listening on "), let end = text[range.upperBound...].firstIndex(of: "\n"), text.contains("reviewers:") {
                return ServeProcess(process: process, url: String(text[range.upperBound..<end]), output: text)
            }
        }
        Foundation.kill(process.processIdentifier, SIGKILL)
        throw ServeFailed(output: text)
    }

    /// SIGKILL: a child started from async code may have SIGTERM blocked.
    func kill() {
        Foundation.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    struct ServeFailed: Error, CustomStringConvertible {
        var output: String
        var description: String { "kaizen serve did not say where it listens; it printed: \(output)" }
    }
}
