import SpyglassExtract

/// Extracts facts from a fixture given as text.
func facts(_ document: String, kind: DocumentKind = .html, url: String? = "https://acme.example/pricing") -> ExtractedFacts {
    FactExtractor().extract(document: Array(document.utf8), url: url, kind: kind)
}

extension ExtractedFacts {
    func plan(_ name: String) -> PlanFact? {
        plans.first { $0.name == name }
    }
}

extension [FactDelta] {
    func of(_ kind: FactDelta.Kind) -> [FactDelta] {
        filter { $0.kind == kind }
    }
}
