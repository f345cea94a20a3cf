import Foundation
import Logging
import Synchronization

extension FakeGraphAPI {
    /// Retries of a webhook the receiver did not take (Meta retries for days; the fake a few times).
    static let webhookRetryDelays: [Duration] = [.milliseconds(50), .milliseconds(100), .milliseconds(200)]

    /// Signs and POSTs `body` to the current webhook URL in the background, retrying a few times;
    /// counted as delivered (2xx) or dropped.
    func deliverInBackground(_ body: MetaJSON, after delay: Duration = .zero) {
        let bytes = body.bytes
        background.run { [self] in
            if delay > .zero { try? await Task.sleep(for: delay) }
            await deliverWithRetries(bytes)
        }
    }

    /// Signs and POSTs `bytes` to the current webhook URL, retrying; counts the outcome.
    func deliverWithRetries(_ bytes: [UInt8]) async {
        guard let url = state.withLock({ $0.webhookURL }) else { return }
        for pause in [Duration.zero] + Self.webhookRetryDelays {
            if pause > .zero { try? await Task.sleep(for: pause) }
            guard !Task.isCancelled else { return }
            let status = try? await WebhookPoster.post(bytes, to: url, secret: configuration.appSecret)
            if let status, (200..<300).contains(status) {
                state.withLock { $0.webhooksDelivered += 1 }
                return
            }
        }
        state.withLock { $0.webhooksDropped += 1 }
        logger.warning("fake Graph API dropped a webhook", metadata: ["fake.url": "\(url)"])
    }

    /// Sends the receipts an accepted send earns, each its own POST, ``StatusPlan/delay`` apart.
    func scheduleReceipts(for message: SentMessage, phone: PhoneNumber, outcome: Outcome, callbackData: String?) {
        let plan = configuration.statuses
        let receipts: [MetaJSON]
        switch outcome {
        case .failed(let code, let title, let details):
            receipts = [
                WebhookEnvelope.status(
                    "failed",
                    message: message,
                    timestamp: message.time,
                    pricing: nil,
                    callbackData: callbackData,
                    error: (code, title, details)
                )
            ]
        case .receipts(let category, let pricingType):
            receipts = plan.sequence.map { status in
                WebhookEnvelope.status(
                    status,
                    message: message,
                    timestamp: message.time,
                    pricing: (category, pricingType),
                    callbackData: callbackData,
                    error: nil
                )
            }
        }
        let bodies = receipts.map { receipt in
            WebhookEnvelope.envelope([
                (phone.wabaID, [WebhookEnvelope.messagesChange(phone: phone, [("statuses", [receipt])])])
            ])
        }
        background.run { [self] in
            for body in bodies {
                try? await Task.sleep(for: plan.delay)
                guard !Task.isCancelled else { return }
                await deliverWithRetries(body.bytes)
            }
        }
    }
}
