import ArgumentParser
import Foundation
import Logging
import SigiloFakes
import UnixSignals

extension DevCommand {
    /// `sigilo dev fake-meta`: runs the fake Meta Graph API until SIGINT or SIGTERM.
    ///
    /// Prints one JSON line with the base URL and the control endpoints; never the token or the
    /// app secret, which the operator chose (flags or `FAKE_META_ACCESS_TOKEN`/`FAKE_META_APP_SECRET`).
    struct FakeMeta: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "fake-meta",
            abstract: "Run a fake WhatsApp Cloud (Graph) API on loopback that signs webhooks to --webhook-url."
        )

        @Option(help: "Address to listen on.")
        var host = "127.0.0.1"

        @Option(help: "TCP port (0 picks a free one).")
        var port = 8090

        @Option(help: "The Bearer token clients must send (or FAKE_META_ACCESS_TOKEN).")
        var accessToken: String?

        @Option(help: "The app secret that signs webhooks (or FAKE_META_APP_SECRET).")
        var appSecret: String?

        @Option(help: "Where to POST signed webhooks, e.g. http://127.0.0.1:8080/webhooks/whatsapp.")
        var webhookURL: String?

        @Option(help: "The business phone_number_id.")
        var phoneNumberID = "106540352242922"

        @Option(help: "The business display number (digits).")
        var displayNumber = "5511930001000"

        @Option(help: "The WhatsApp Business Account id.")
        var wabaID = "102290129340398"

        @Option(help: "Sends per second per number before 130429.")
        var throughput = 80

        func run() async throws {
            let environment = ProcessInfo.processInfo.environment
            guard let token = accessToken ?? environment["FAKE_META_ACCESS_TOKEN"],
                let secret = appSecret ?? environment["FAKE_META_APP_SECRET"]
            else {
                throw ValidationError("--access-token and --app-secret (or their FAKE_META_* variables) are required.")
            }
            let signals = await UnixSignalsSequence(trapping: .sigterm, .sigint)
            let configuration = FakeGraphAPI.Configuration(
                accessToken: token,
                appSecret: secret,
                webhookURL: webhookURL,
                phoneNumbers: [.init(id: phoneNumberID, displayNumber: displayNumber, wabaID: wabaID)],
                throughputPerSecond: throughput,
                host: host,
                port: port
            )
            let fake = try await FakeGraphAPI.start(configuration, logger: Logger(label: "sigilo.fake-meta"))
            fake.addTemplate(
                wabaID: wabaID,
                name: "hello_world",
                language: "en_US",
                category: "UTILITY",
                bodyText: "Welcome and congratulations!!"
            )
            FileHandle.standardOutput.write(Data((try announcement(fake) + "\n").utf8))
            for await _ in signals { break }
            await fake.stop()
        }

        /// The one JSON line announcing where the fake listens (no secrets).
        private func announcement(_ fake: FakeGraphAPI) throws -> String {
            let origin = fake.origin
            let line: [String: Any] = [
                "base_url": fake.baseURL,
                "phone_number_id": phoneNumberID,
                "waba_id": wabaID,
                "webhook_url": webhookURL ?? NSNull(),
                "control": [
                    "inbound": "POST \(origin)/_fake/inbound",
                    "sent": "GET \(origin)/_fake/sent",
                    "requests": "GET \(origin)/_fake/requests",
                    "failures": "POST \(origin)/_fake/failures",
                    "clock": "POST \(origin)/_fake/clock",
                    "reset": "POST \(origin)/_fake/reset",
                ],
            ]
            let data = try JSONSerialization.data(
                withJSONObject: line,
                options: [.sortedKeys, .withoutEscapingSlashes]
            )
            return String(decoding: data, as: UTF8.self)
        }
    }
}
