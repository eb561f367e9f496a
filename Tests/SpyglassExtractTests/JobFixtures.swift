/// Job board markup in the shapes hosted boards produce.
enum JobFixtures {
    /// Greenhouse's classic embedded board: sections per department.
    static let greenhouse = """
    <html><head><title>Jobs at Acme</title></head><body>
    <div id="main">
      <h1>Current openings at Acme</h1>
      <section class="level-0">
        <h3 id="4001">Engineering</h3>
        <div class="opening" department_id="4001" office_id="12">
          <a data-mapped="true" href="/acme/jobs/5551234">Senior Backend Engineer</a>
          <br><span class="location">Berlin</span>
        </div>
        <div class="opening" department_id="4001" office_id="13">
          <a data-mapped="true" href="/acme/jobs/5551235">Frontend Engineer</a>
          <br><span class="location">Remote - Europe</span>
        </div>
      </section>
      <section class="level-0">
        <h3 id="4002">Sales</h3>
        <div class="opening" department_id="4002">
          <a data-mapped="true" href="/acme/jobs/5551300">Account Executive</a>
          <br><span class="location">New York, NY</span>
        </div>
      </section>
    </div>
    </body></html>
    """

    /// Lever's hosted board: groups with a category title, postings with
    /// location and team labels and a separate apply link.
    static let lever = """
    <html><body><div class="postings-wrapper">
      <div class="postings-group">
        <div class="posting-category-title large-category-label">Product</div>
        <div class="posting" data-qa-posting-id="a1b2">
          <div class="posting-apply" data-qa="btn-apply">
            <a href="https://jobs.lever.co/acme/a1b2c3d4-0000-1111-2222-333344445555/apply" class="posting-btn-submit">Apply</a>
          </div>
          <a class="posting-title" href="https://jobs.lever.co/acme/a1b2c3d4-0000-1111-2222-333344445555">
            <h5 data-qa="posting-name">Product Designer</h5>
            <div class="posting-categories">
              <span class="sort-by-location posting-category small-category-label location">London</span>
              <span class="sort-by-team posting-category small-category-label department">Product – Design</span>
              <span class="sort-by-commitment posting-category small-category-label commitment">Full-time</span>
            </div>
          </a>
        </div>
      </div>
    </div></body></html>
    """

    /// A careers page: plain links to postings under department headings.
    static let careersPage = """
    <html><body>
    <h2>Open positions</h2>
    <div class="dept"><h4>Data (2)</h4>
      <ul>
        <li><a href="/careers/data-engineer">Data Engineer</a> <span class="job-location">Lisbon</span></li>
        <li><a href="/careers/analytics-lead">Analytics Lead</a> <span class="job-location">Remote</span></li>
      </ul>
    </div>
    </body></html>
    """

    /// A blog index: repeated cards with links, but no postings.
    static let blogIndex = """
    <html><body>
    <div class="posts">
      <article class="post-card"><h2><a href="/blog/jobs-to-be-done">Jobs to be done, explained</a></h2><p>Read more</p></article>
      <article class="post-card"><h2><a href="/blog/pricing-2026">How we priced in 2026</a></h2><p>Read more</p></article>
    </div>
    </body></html>
    """

    /// A posting page with JSON-LD.
    static let postingJSONLD = """
    <html><head><script type="application/ld+json">
    {"@context":"https://schema.org/","@type":"JobPosting","title":"Site Reliability Engineer",
     "employmentType":["FULL_TIME","CONTRACTOR"],
     "hiringOrganization":{"@type":"Organization","name":"Acme &amp; Co"},
     "occupationalCategory":"Engineering",
     "jobLocation":[{"@type":"Place","address":{"@type":"PostalAddress","addressLocality":"Berlin","addressRegion":"BE","addressCountry":"DE"}}],
     "url":"/careers/sre"}
    </script></head><body><h1>Site Reliability Engineer</h1></body></html>
    """
}
