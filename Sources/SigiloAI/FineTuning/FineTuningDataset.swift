/// Training data ready to upload: chat fine-tuning JSONL, minimised, and what it holds.
package struct FineTuningDataset: Sendable, Equatable {
    /// One `{"messages":[…]}` object a line, UTF-8, newline-terminated.
    package var jsonl: [UInt8]
    /// Data rows read (the header excluded).
    package var rows: Int
    /// Examples written (a multi-turn conversation is one).
    package var examples: Int
    /// Personal values replaced, over all examples.
    package var replacements: Int

    /// The JSONL as text.
    package var text: String { String(decoding: jsonl, as: UTF8.self) }
}
