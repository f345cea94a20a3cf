// SigiloFakes: loopback fakes of the services beyond this machine (Meta's Graph API, an
// OpenAI-compatible server), written from shared/reference, used by tests and `sigilo dev`.
//
// Intentionally empty until the WhatsApp and AI issues add their fakes. It may import only
// Hummingbird, so a fake can never share (and hide) a client's wire bug.
