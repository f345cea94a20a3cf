import Testing

@testable import SigiloStore

@Suite("Splitting migration files into statements")
struct SQLScriptTests {
    private func texts(_ script: String) -> [String] {
        SQLScript.statements(in: script).map(\.text)
    }

    @Test("statements split on semicolons, blanks and comment-only pieces dropped")
    func simpleSplit() {
        #expect(
            texts("CREATE TABLE a (x int);\n\n  INSERT INTO a VALUES (1) ;\n-- trailing comment\n") == [
                "CREATE TABLE a (x int)", "INSERT INTO a VALUES (1)",
            ]
        )
    }

    @Test("semicolons inside strings, identifiers and comments do not split")
    func quotedSemicolons() {
        let script = """
            INSERT INTO t VALUES ('a;b', 'it''s; fine');
            CREATE TABLE "odd;name" (x int); -- a comment; with a semicolon
            /* block; /* nested; */ still comment; */ SELECT 1;
            SELECT E'escaped \\' quote; still string';
            """
        #expect(
            texts(script) == [
                "INSERT INTO t VALUES ('a;b', 'it''s; fine')",
                "CREATE TABLE \"odd;name\" (x int)",
                "-- a comment; with a semicolon\n/* block; /* nested; */ still comment; */ SELECT 1",
                "SELECT E'escaped \\' quote; still string'",
            ]
        )
    }

    @Test("dollar-quoted bodies keep their semicolons, with or without a tag")
    func dollarQuotes() {
        let script = """
            CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $body$
            BEGIN RAISE EXCEPTION 'no; never'; END;
            $body$;
            DO $$ BEGIN PERFORM 1; END $$;
            SELECT $1::int;
            """
        let statements = texts(script)
        #expect(statements.count == 3)
        #expect(statements[0].hasSuffix("$body$"))
        #expect(statements[1] == "DO $$ BEGIN PERFORM 1; END $$")
        #expect(statements[2] == "SELECT $1::int")
    }

    @Test("each statement knows the line it starts on")
    func lineNumbers() {
        let statements = SQLScript.statements(in: "-- header\nSELECT 1;\n\n\nSELECT\n2;\nSELECT 'a\nb'; SELECT 3;")
        #expect(statements.map(\.line) == [1, 5, 7, 8])
    }

    @Test("the first keyword skips comments")
    func firstWord() {
        #expect(SQLScript.firstWord(of: "-- note\n/* x */ commit") == "COMMIT")
        #expect(SQLScript.firstWord(of: "  -- only a comment") == nil)
    }
}
