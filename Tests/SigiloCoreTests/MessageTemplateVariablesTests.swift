import SigiloCore
import Testing

@Suite("Message templates: variable parsing")
struct MessageTemplateVariablesTests {
    @Test("variables come in order of appearance, with the literal text around them")
    func parses() throws {
        let variables = try TemplateVariables(parsing: "Olá {{1}}, sua fatura de {{2}} vence em {{3}}.")
        #expect(variables.numbers == [1, 2, 3])
        #expect(variables.literals == ["Olá ", ", sua fatura de ", " vence em ", "."])
        #expect(variables.highest == 3)
        #expect(variables.isNumberedWithoutGaps)
    }

    @Test("repeats, adjacent variables, single braces, emoji and text without variables")
    func edgeCases() throws {
        let repeated = try TemplateVariables(parsing: "{{2}} e {{1}} e {{2}}")
        #expect(repeated.numbers == [2, 1, 2])
        #expect(repeated.literals == ["", " e ", " e ", ""])
        #expect(repeated.isNumberedWithoutGaps)

        let adjacent = try TemplateVariables(parsing: "{{1}}{{2}}")
        #expect(adjacent.literals == ["", "", ""])

        let braces = try TemplateVariables(parsing: "{a} {1} } {")
        #expect(braces.numbers.isEmpty)
        #expect(braces.literals == ["{a} {1} } {"])

        let emoji = try TemplateVariables(parsing: "👋🏽 Olá, {{1}}! ✅ {{100}}")
        #expect(emoji.numbers == [1, 100])
        #expect(emoji.literals == ["👋🏽 Olá, ", "! ✅ ", ""])
        #expect(!emoji.isNumberedWithoutGaps)

        let empty = try TemplateVariables(parsing: "")
        #expect(empty.numbers.isEmpty)
        #expect(empty.literals == [""])
        #expect(empty.highest == 0)

        #expect(try TemplateVariables(parsing: "{{1}} {{3}}").isNumberedWithoutGaps == false)
        #expect(try TemplateVariables(parsing: "{{999}}").numbers == [999])
    }

    @Test(
        "malformed variables are refused at the offending brace pair",
        arguments: [
            ("{{ 1 }}", 0), ("ab{{0}}", 2), ("{{a}}", 0), ("Olá {{", 5), ("{{1}", 0), ("{{1}}}}", 5),
            ("{{1000}}", 0), ("{{01}}", 0), ("é{{x}}", 2), ("x }} y", 2), ("{{{1}}}", 0), ("{{-1}}", 0),
            ("{{first_name}}", 0),
        ]
    )
    func malformed(text: String, offset: Int) {
        do throws(TemplateVariables.Malformed) {
            _ = try TemplateVariables(parsing: text)
            Issue.record("a malformed text parsed")
        } catch {
            #expect(error.utf8Offset == offset)
        }
    }

    @Test("substitution fills each variable, repeats included, keeping accents and emoji")
    func substitutes() throws {
        let variables = try TemplateVariables(parsing: "Olá {{1}}, {{2}} — até logo, {{1}}!")
        #expect(variables.substituting(["José 🎉", "São Paulo"]) == "Olá José 🎉, São Paulo — até logo, José 🎉!")
        #expect(try TemplateVariables(parsing: "sem variáveis").substituting([]) == "sem variáveis")
    }
}
