package import Foundation

/// The delivery lifecycle of one outbox message, as a pure state machine: the outcome of a
/// send attempt goes in, what the outbox must do comes out (STYLE.md rule 8).
///
/// The outbox rebuilds it from its row (`init(attempt:policy:)`), performs the send, records
/// the outcome and carries out the action. It never resends a message that may already have
/// reached Meta (a timeout, a connection lost mid-request): the Cloud API has no idempotency
/// key, so such a message becomes ``Action/uncertain`` and is settled by the status webhooks
/// that echo its `biz_opaque_callback_data`. An expired token pauses the whole channel
/// without using up the message's attempts.
package struct OutboxAttempt: Sendable, Equatable {
    /// Where the message is.
    package enum State: Sendable, Equatable {
        /// Attempt `attempt` is being made (or about to be).
        case sending(attempt: Int)
        /// Attempt `attempt` is due at `at`.
        case scheduled(attempt: Int, at: Date)
        /// The channel is paused; attempt `attempt` waits for it to resume.
        case paused(attempt: Int)
        /// Meta accepted the message as `messageID`. Terminal.
        case sent(messageID: String)
        /// The message failed for good. Terminal.
        case failed(SendFailure)
        /// The message may or may not have been sent. Terminal for the outbox.
        case uncertain
    }

    /// What happened to an attempt.
    package enum Outcome: Sendable, Equatable {
        /// Meta accepted the message.
        case accepted(SendReceipt)
        /// The call failed.
        case failed(GraphCallError)
    }

    /// What the outbox must do.
    package enum Action: Sendable, Equatable {
        /// Store the `wamid.…`; statuses arrive by webhook.
        case markSent(messageID: String)
        /// Try again at `at`; `reason.code` is stored as the last error.
        case retry(at: Date, reason: RetryKind)
        /// Give up; `failure.code` is stored, and the caller acts on it (mark the number
        /// invalid, record an opt-out…).
        case fail(SendFailure)
        /// Do not resend: the request may have reached Meta. Wait for a status webhook carrying
        /// the message's callback data, or for an operator.
        case uncertain
        /// Stop sending on this channel until `until`, or until an operator fixes it when
        /// `nil`; this message stays queued with its attempt unspent.
        case pauseChannel(until: Date?, reason: SendFailure)
    }

    /// Where the message is.
    package private(set) var state: State
    /// The backoff and attempt limits.
    package let policy: OutboxRetryPolicy

    /// Starts (or resumes, from a stored row) the lifecycle at attempt `attempt`.
    /// - Parameters:
    ///   - attempt: The number of the attempt about to be made, from 1.
    ///   - policy: The backoff and attempt limits.
    package init(attempt: Int = 1, policy: OutboxRetryPolicy = .standard) {
        self.state = .sending(attempt: max(attempt, 1))
        self.policy = policy
    }

    /// The number of the attempt being made or due next; `nil` once the message is settled.
    package var attempt: Int? {
        switch state {
        case .sending(let attempt), .scheduled(let attempt, _), .paused(let attempt): attempt
        case .sent, .failed, .uncertain: nil
        }
    }

    /// Records the outcome of the current attempt.
    ///
    /// In a settled state (sent, failed, uncertain) nothing changes and the settling action is
    /// returned again, so a repeated call is harmless.
    /// - Parameters:
    ///   - outcome: What the send returned.
    ///   - now: The current time, from which a retry is scheduled.
    ///   - random: The jitter source; tests pass a fixed one.
    /// - Returns: What the outbox must do.
    package mutating func record(
        _ outcome: Outcome,
        now: Date,
        random: inout some RandomNumberGenerator
    ) -> Action {
        switch state {
        case .sending(let attempt), .scheduled(let attempt, _), .paused(let attempt):
            return settle(attempt: attempt, outcome: outcome, now: now, random: &random)
        case .sent(let messageID):
            return .markSent(messageID: messageID)
        case .failed(let failure):
            return .fail(failure)
        case .uncertain:
            return .uncertain
        }
    }

    /// Records the outcome of the current attempt with the system's random numbers.
    /// - Parameters:
    ///   - outcome: What the send returned.
    ///   - now: The current time.
    /// - Returns: What the outbox must do.
    package mutating func record(_ outcome: Outcome, now: Date) -> Action {
        var random = SystemRandomNumberGenerator()
        return record(outcome, now: now, random: &random)
    }

    private mutating func settle(
        attempt: Int,
        outcome: Outcome,
        now: Date,
        random: inout some RandomNumberGenerator
    ) -> Action {
        let error: GraphCallError
        switch outcome {
        case .accepted(let receipt):
            state = .sent(messageID: receipt.messageID)
            return .markSent(messageID: receipt.messageID)
        case .failed(let failed):
            error = failed
        }
        if error.requestMayHaveBeenSent {
            state = .uncertain
            return .uncertain
        }
        let failure = error.meaning
        switch failure {
        case .retryable(let kind):
            guard attempt < policy.maximumAttempts else {
                state = .failed(failure)
                return .fail(failure)
            }
            // 53 random bits as a fraction in 0..<1, the way Double.random does it.
            let unit = Double(random.next() >> 11) * 0x1p-53
            let delay = policy.delay(after: attempt, kind: kind, retryAfter: error.retryAfter, unit: unit)
            let due = now.addingTimeInterval(delay / .seconds(1))
            state = .scheduled(attempt: attempt + 1, at: due)
            return .retry(at: due, reason: kind)
        case .tokenExpired:
            state = .paused(attempt: attempt)
            return .pauseChannel(until: nil, reason: failure)
        case .invalidNumber, .windowClosed, .marketingOptOut, .permissionMissing, .spamLimited, .ecosystemWithheld,
            .templateProblem, .mediaProblem, .recipientNotAllowed, .blocked, .invalidRequest:
            state = .failed(failure)
            return .fail(failure)
        }
    }
}
