/// Where Meta fetches a media header's file from: a public link, or the id of a file already
/// uploaded to Meta (`POST /{phone-number-id}/media`, reference §7).
package enum TemplateMediaSource: Sendable, Equatable {
    /// An http(s) link Meta downloads the file from when sending.
    case link(String)
    /// The id of a file uploaded to Meta; uploads last 30 days.
    case id(String)
}
