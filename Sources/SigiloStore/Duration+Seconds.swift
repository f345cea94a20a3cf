extension Duration {
    /// The duration in seconds, fractions kept, for SQL intervals (`make_interval(secs => …)`).
    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
