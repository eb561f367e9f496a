/// The words and URL fragments that point at each category. Kept in one
/// place so tuning against the corpus touches one file.
enum Lexicon {
    static let urlHints: [(ChangeCategory, [String])] = [
        (.pricing, ["/pricing", "/plans", "/price", "/buy", "/billing", "/api/plans"]),
        (.product, ["/changelog", "/releases", "/release-notes", "/docs", "/features", "/integrations", "/product",
                    "/whats-new", "/updates", "/roadmap"]),
        (.people, ["/careers", "/jobs", "/join", "/team", "/leadership", "/about/team", "/people", "boards.", "/hiring"]),
        (.marketing, ["/blog", "/news", "/press", "/resources", "/webinars", "/events"]),
        (.customers, ["/customers", "/case-studies", "/case-study", "/reviews", "/testimonials", "/partners",
                      "/success-stories"]),
    ]

    static let deltaCategory: [String: (ChangeCategory, Double)] = [
        "price_increased": (.pricing, 6), "price_decreased": (.pricing, 6), "plan_added": (.pricing, 5),
        "plan_removed": (.pricing, 5), "plan_renamed": (.pricing, 5), "feature_added": (.pricing, 2),
        "feature_removed": (.pricing, 2), "job_added": (.people, 5), "job_removed": (.people, 5),
        "item_added": (.marketing, 1.5), "headline_changed": (.marketing, 2), "meta_changed": (.marketing, 1),
        "sitemap_url_added": (.marketing, 0.5), "sitemap_url_removed": (.marketing, 0.5),
    ]

    static let words: [(ChangeCategory, [String])] = [
        (.pricing, ["price", "pricing", "plan", "plans", "per month", "per year", "billed", "annually", "discount",
                    "save", "free trial", "contact sales", "enterprise", "per seat", "per user", "tier", "starter",
                    "/mo", "/yr", "off"]),
        (.product, ["release", "released", "launch", "launched", "new feature", "feature", "integration",
                    "integrations", "api", "sdk", "changelog", "fixed", "improved", "beta", "deprecated", "docs",
                    "version", "support for", "now available", "dashboard", "export"]),
        (.people, ["hiring", "we're hiring", "join", "careers", "engineer", "manager", "vp", "vice president",
                   "head of", "director", "chief", "cto", "ceo", "cfo", "remote", "full-time", "team", "role",
                   "recruiter", "apply", "leadership", "appointed", "joins"]),
        (.marketing, ["blog", "webinar", "ebook", "campaign", "announcing", "read more", "guide", "podcast",
                      "event", "conference", "newsletter", "the platform", "all-in-one", "built for", "modern",
                      "grow", "faster", "keynote", "save your seat", "launch week", "register now", "join us",
                      "livestream", "limited time"]),
        (.customers, ["customer", "customers", "case study", "trusted by", "partner", "partnership", "partners",
                      "review", "reviews", "testimonial", "rated", "stars", "g2", "capterra", "success story",
                      "chose", "switched to", "uses"]),
    ]
}
