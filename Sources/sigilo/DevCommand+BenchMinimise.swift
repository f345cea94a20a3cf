import ArgumentParser
import Foundation
import SigiloAI

extension DevCommand {
    /// `sigilo dev bench-minimise`: how long PII minimisation of one conversation takes, for
    /// `make bench` (target: p99 under 1 ms for 2,000 characters, release build).
    struct BenchMinimise: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "bench-minimise",
            abstract:
                "Minimise a 2,000-character Portuguese conversation (and restore a reply) many times; print JSON.",
            discussion: """
                Each iteration is what one copilot request does: a fresh minimiser with the contact's \
                CRM data, every message minimised, one model reply restored. One core, in process.
                """
        )

        @Option(help: "Measured iterations (after 1,000 warm-up ones).")
        var iterations = 20_000

        @Flag(help: "Also print the minimised conversation and the restored reply (sample data only) to stderr.")
        var show = false

        func run() async throws {
            let messages = SampleConversation.messages
            let characters = messages.reduce(0) { $0 + $1.content.count }
            var replaced = 0
            var samples: [Duration] = []
            samples.reserveCapacity(iterations)
            let clock = ContinuousClock()
            for round in 0..<(iterations + 1000) {
                let started = clock.now
                var minimiser = PIIMinimiser(known: SampleConversation.known)
                let minimised = minimiser.minimise(messages)
                let restored = minimiser.restore(SampleConversation.reply)
                let elapsed = clock.now - started
                guard restored != SampleConversation.reply, minimised.count == messages.count else { throw ExitCode(1) }
                if round >= 1000 { samples.append(elapsed) }
                replaced = minimiser.replacedCounts.values.reduce(0, +)
            }
            if show {
                var minimiser = PIIMinimiser(known: SampleConversation.known)
                for message in minimiser.minimise(messages) {
                    FileHandle.standardError.write(Data("\(message.role.rawValue): \(message.content)\n".utf8))
                }
                FileHandle.standardError.write(Data("restored: \(minimiser.restore(SampleConversation.reply))\n".utf8))
            }
            samples.sort()
            func micros(_ duration: Duration) -> Double {
                let value = Double(duration.components.seconds) * 1e6 + Double(duration.components.attoseconds) / 1e12
                return (value * 10).rounded() / 10
            }
            let p50 = micros(samples[samples.count / 2])
            let p99 = micros(samples[min(samples.count - 1, samples.count * 99 / 100)])
            let maximum = micros(samples[samples.count - 1])
            print(
                #"{"characters": \#(characters), "messages": \#(messages.count), "distinct_values_replaced": \#(replaced), "iterations": \#(iterations), "p50_us": \#(p50), "p99_us": \#(p99), "max_us": \#(maximum)}"#
            )
        }
    }
}
