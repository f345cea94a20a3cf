// SigiloAI: the OpenAI-compatible client, PII-minimising prompts, drafting and suggestions.
//
// Intentionally empty until the AI copilot issue fills it; the target exists so the module
// graph is fixed from the first commit.
