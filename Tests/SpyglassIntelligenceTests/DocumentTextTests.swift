import SpyglassExtract
import SpyglassIntelligence
import Testing

@Suite("Normalised lines per kind")
struct DocumentTextTests {
    let analyzer = ChangeAnalyzer()

    @Test("JSON compares with sorted keys, and a JSONPath keeps only what it selects")
    func json() throws {
        let a = #"{"plans":[{"name":"Pro","price":49}],"generated":"x"}"#
        let b = #"{ "generated":"x", "plans":[ {"price":49, "name":"Pro"} ] }"#
        let whole = ChangeAnalyzer.Context(kind: .json)
        #expect(try analyzer.lines(of: Array(a.utf8), context: whole) == analyzer.lines(of: Array(b.utf8), context: whole))
        let prices = ChangeAnalyzer.Context(kind: .json, selector: "$.plans[*].price")
        #expect(try analyzer.lines(of: Array(a.utf8), context: prices).joined() .contains("49"))
        #expect(try !analyzer.lines(of: Array(a.utf8), context: prices).joined().contains("generated"))
    }

    @Test("invalid JSON and an invalid JSONPath are typed errors", arguments: [
        ("{oops", nil, "invalid_json"), (#"{"a":1}"#, "$.a[", "invalid_json_path"),
    ])
    func errors(document: String, path: String?, code: String) {
        let error = #expect(throws: AnalysisError.self) {
            _ = try analyzer.lines(of: Array(document.utf8), context: .init(kind: .json, selector: path))
        }
        #expect(error?.code == code)
    }
}
