/// Argon2id cost parameters: memory in KiB, passes over memory, lanes.
package struct Argon2Parameters: Sendable, Equatable, Codable {
    /// Memory cost in KiB (`m`).
    package var memoryKiB: UInt32
    /// Number of passes (`t`).
    package var iterations: UInt32
    /// Degree of parallelism (`p`).
    package var parallelism: UInt32

    package init(memoryKiB: UInt32, iterations: UInt32, parallelism: UInt32) {
        self.memoryKiB = memoryKiB
        self.iterations = iterations
        self.parallelism = parallelism
    }

    /// OWASP's minimum for Argon2id (m=19 MiB, t=2, p=1); no policy may go below it.
    package static let floor = Argon2Parameters(memoryKiB: 19_456, iterations: 2, parallelism: 1)
    /// The default policy (DESIGN.md): m=64 MiB, t=3, p=1.
    package static let standard = Argon2Parameters(memoryKiB: 65_536, iterations: 3, parallelism: 1)

    /// Whether these parameters cost at least the floor in memory and passes.
    package var meetsFloor: Bool {
        memoryKiB >= Self.floor.memoryKiB && iterations >= Self.floor.iterations && parallelism >= 1
    }

    /// Whether every parameter is within `ceiling`; a stored hash above it is never computed,
    /// so a planted hash cannot make one login cost gigabytes or minutes.
    package func isWithin(_ ceiling: Argon2Parameters) -> Bool {
        memoryKiB <= ceiling.memoryKiB && iterations <= ceiling.iterations && parallelism <= ceiling.parallelism
    }

    enum CodingKeys: String, CodingKey {
        case memoryKiB = "memory_kib"
        case iterations, parallelism
    }
}
