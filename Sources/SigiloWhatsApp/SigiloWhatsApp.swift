// SigiloWhatsApp: the Graph API client, webhook signature check and parsing, and the outbox
// delivery worker (shared/DESIGN.md, "WhatsApp").
//
// Intentionally empty until the WhatsApp issue fills it; the target exists so the module
// graph is fixed from the first commit.
