import Foundation
import Logging
import ServiceLifecycle
import SigiloAI
import SigiloStore
import SigiloWhatsApp

/// The automatic answer: every `interval`, customers waiting in a queue that answers
/// automatically get the model's reply through the outbox, or are handed to people (when they
/// ask for a person, are negative, or the model is unsure or asks for it). Each wait is tried
/// once, by one instance. Whatever the model does, the message is already stored and the
/// ticket queued: a backend failure only leaves the customer to the agents.
struct AutoAnswerer: Service {
    let copilot: Copilot
    let tickets: TicketAutomation
    let interval: Duration
    let logger: Logger

    /// Customers answered at once.
    static let concurrency = 4

    func run() async throws {
        await Periodic.run(every: interval) { await answerWaiting() }
    }

    /// What became of one waiting customer.
    enum Outcome: Equatable {
        case answered(UUID)
        case handedOff(String)
        /// Left to people without a hand-off (no consent, the backend failed, nothing to say).
        case left(String)
        case notWaiting
    }

    @discardableResult
    func answerWaiting() async -> [Outcome] {
        do {
            // A few at a time, so one slow answer does not hold up every other customer.
            let waiting = try await copilot.ai.waiting(limit: 20)
            return await withTaskGroup(of: Outcome.self) { group in
                var outcomes: [Outcome] = []
                for (index, (tenant, conversation)) in waiting.enumerated() {
                    if index >= Self.concurrency, let done = await group.next() { outcomes.append(done) }
                    group.addTask { await answer(conversation, tenant: tenant) }
                }
                for await done in group { outcomes.append(done) }
                return outcomes
            }
        } catch {
            logger.error("automatic answers failed", metadata: ["error.type": "\(String(reflecting: type(of: error)))"])
            return []
        }
    }

    func answer(_ conversation: UUID, tenant: UUID) async -> Outcome {
        do {
            guard let wait = try await copilot.ai.claimWait(conversation, tenant: tenant) else { return .notWaiting }
            var prepared = try await copilot.prepare(conversation, tenant: tenant)
            let customerText = prepared.lastInbound?.text ?? ""
            if HandOffRules.asksForPerson(customerText) {
                return try await handOff(conversation, "customer_asked", tenant: tenant)
            }
            let answer: AutoAnswer
            do {
                answer = try await copilot.ask(
                    AutoAnswer.self,
                    instructions: CopilotPrompt.autoAnswer(prepared.business),
                    &prepared,
                    purpose: "auto_answer",
                    actor: ("system", "ai"),
                    logger: logger
                )
            } catch let error as AIError {
                logger.warning("automatic answer failed", metadata: ["error.code": "\(error.code)"])
                return .left(error.code)
            }
            if let sentiment = answer.sentiment, let message = prepared.lastInbound?.id {
                try await copilot.ai.recordSentiment(
                    message: message,
                    conversation: conversation,
                    label: sentiment.label.rawValue,
                    score: sentiment.score,
                    tenant: tenant
                )
            }
            if let reason = HandOffRules.reason(customerText: customerText, answer: answer) {
                return try await handOff(conversation, reason, tenant: tenant)
            }
            let reply = prepared.minimiser.restore(answer.reply ?? "")
            switch try await copilot.ai.queueReply(
                reply,
                conversation: conversation,
                wait: wait,
                tenant: tenant,
                draft: AutomationDrafts.text
            ) {
            case .sent(let message): return .answered(message)
            case .skipped(let reason): return .left(reason)
            case .notDue, .unresponsive: return .notWaiting
            }
        } catch Copilot.Refusal.noConsent {
            // Nothing goes to the model; a customer asking for a person still gets one.
            let text = try? await copilot.lastCustomerText(conversation, tenant: tenant)
            if HandOffRules.asksForPerson(text ?? ""),
                let outcome = try? await handOff(conversation, "customer_asked", tenant: tenant)
            {
                return outcome
            }
            return .left("no_consent")
        } catch is Copilot.Refusal {
            return .left("unavailable")
        } catch {
            logger.error("automatic answer failed", metadata: ["error.type": "\(String(reflecting: type(of: error)))"])
            return .left("internal")
        }
    }

    private func handOff(_ conversation: UUID, _ reason: String, tenant: UUID) async throws -> Outcome {
        try await tickets.handOff(conversation, reason: reason, tenant: tenant)
        return .handedOff(reason)
    }
}
