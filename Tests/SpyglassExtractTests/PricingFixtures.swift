/// Realistic pricing pages, trimmed to what matters.
enum PricingFixtures {
    /// Three cards in a grid, USD, with badges, CTAs and feature lists.
    static let cardsUSD = """
    <!doctype html>
    <html lang="en"><head>
      <title>Pricing — Acme</title>
      <meta name="description" content="Simple pricing for teams of every size.">
      <meta property="og:title" content="Acme pricing">
      <link rel="canonical" href="/pricing">
    </head><body>
    <header><nav><a href="/">Acme</a><a href="/pricing">Pricing</a><a href="/contact">Contact sales</a></nav></header>
    <main>
      <h1>Pricing that scales with you</h1>
      <p>Trusted by 2,000+ teams since 2014. 99.9% uptime SLA. Support 24/7: +1 (555) 123-4567.</p>
      <section class="pricing">
        <div class="plans-grid">
          <div class="plan-card">
            <h3 class="plan-name">Starter</h3>
            <p class="plan-desc">For individuals getting started.</p>
            <div class="price"><span class="amount">$0</span><span class="period">/month</span></div>
            <a class="btn" href="/signup">Get started</a>
            <ul class="features">
              <li>1 project</li>
              <li>Community support</li>
            </ul>
          </div>
          <div class="plan-card plan-card--popular">
            <span class="badge">Most popular</span>
            <h3 class="plan-name">Pro</h3>
            <p class="plan-desc">For growing teams.</p>
            <div class="price"><span class="currency">$</span><span class="amount">49</span><span class="period">/mo</span></div>
            <p class="price-note">per user, billed monthly</p>
            <a class="btn" href="/signup?plan=pro">Start free trial</a>
            <ul class="features">
              <li>Unlimited projects</li>
              <li>SSO</li>
              <li>Priority support</li>
              <li class="feature--disabled">Audit logs</li>
            </ul>
          </div>
          <div class="plan-card">
            <h3 class="plan-name">Enterprise</h3>
            <p class="plan-desc">For large organisations.</p>
            <div class="price">Custom</div>
            <a class="btn" href="/contact">Contact sales</a>
            <ul class="features">
              <li>Everything in Pro</li>
              <li>Audit logs</li>
              <li>Dedicated success manager</li>
            </ul>
          </div>
        </div>
      </section>
      <p class="fineprint">Save $120 with annual billing. Up to $500 in credits for startups. We raised $5M in 2023.</p>
    </main>
    <footer><div class="col"><h4>Company</h4><a href="/about">About</a><a href="/contact">Contact us</a></div>
    <div class="col"><h4>Support</h4><a href="/help">Help</a><a href="/contact">Contact sales</a></div>
    <p>© 2026 Acme Inc.</p></footer>
    </body></html>
    """

    /// A comparison table in euros with German number formats.
    static let tableEUR = """
    <html lang="de"><head><title>Preise</title></head><body>
    <h1>Preise</h1>
    <table class="comparison">
      <thead>
        <tr><th></th><th>Basis</th><th>Business</th><th>Konzern</th></tr>
      </thead>
      <tbody>
        <tr><td>Preis</td><td>49 € / Monat</td><td>1.234,56 € / Monat</td><td>Auf Anfrage</td></tr>
        <tr><td>Nutzer</td><td>5</td><td>50</td><td>Unbegrenzt</td></tr>
        <tr><td>SSO</td><td>✗</td><td>✓</td><td>✓</td></tr>
        <tr><td>API-Zugang</td><td><span class="icon icon-cross" aria-label="Nicht enthalten"></span></td>
            <td><svg class="icon-check"><title>Included</title></svg></td><td>✔</td></tr>
        <tr><td>Support</td><td>E-Mail</td><td>Telefon</td><td>24/7 persönlich</td></tr>
      </tbody>
    </table>
    </body></html>
    """

    /// Plans as a plain list in pounds.
    static let listGBP = """
    <html><body>
    <h1>Plans</h1>
    <ul class="plan-list">
      <li><strong>Basic</strong> — £9 per month
        <ul><li>1 user</li><li>10 GB storage</li></ul></li>
      <li><strong>Plus</strong> — £19 per month
        <ul><li>5 users</li><li>100 GB storage</li></ul></li>
      <li><strong>Max</strong> — £1,299.00 per year
        <ul><li>Unlimited users</li><li>1 TB storage</li></ul></li>
    </ul>
    </body></html>
    """

    /// Monthly and annual prices in the markup at once, behind a toggle.
    static let toggle = """
    <html><body>
    <div class="billing-toggle"><button>Monthly</button><button>Annually (save 20%)</button></div>
    <div class="tiers">
      <article class="tier">
        <h2>Team</h2>
        <div class="price price--monthly"><span>$29</span><span>/user/month</span></div>
        <div class="price price--annual" hidden><span>$24</span><span>/user/month</span><small>billed annually</small></div>
        <ul><li>Shared workspaces</li><li>Guest access</li></ul>
      </article>
      <article class="tier">
        <h2>Business</h2>
        <div class="price price--monthly"><span>$59</span><span>/user/month</span></div>
        <div class="price price--annual" hidden><span>$49</span><span>/user/month</span><small>billed annually</small></div>
        <ul><li>SAML SSO</li><li>Audit log</li></ul>
      </article>
    </div>
    </body></html>
    """

    /// A toggle whose prices sit in data attributes.
    static let toggleAttributes = """
    <html><body><div class="pricing">
      <div class="card"><h3>Solo</h3><p><span class="amount" data-monthly="12" data-annual="10">$12</span>/mo</p>
        <ul><li>One seat</li></ul></div>
      <div class="card"><h3>Studio</h3><p><span class="amount" data-monthly="36" data-annual="30">$36</span>/mo</p>
        <ul><li>Five seats</li></ul></div>
    </div></body></html>
    """

    /// Free, paid and "Let's talk" cards, prices split over blocks.
    static let freeAndCustom = """
    <html><body><div class="row">
      <div class="col"><div class="card">
        <h4>Hobby</h4><div class="price">Free</div><ul><li>3 sites</li></ul></div></div>
      <div class="col"><div class="card">
        <h4>Growth</h4><div class="price"><div class="sym">$</div><div class="num">99</div></div>
        <div class="per">per month</div><ul><li>50 sites</li></ul></div></div>
      <div class="col"><div class="card">
        <h4>Scale</h4><div class="price">Let’s talk</div><ul><li>Unlimited sites</li></ul></div></div>
    </div></body></html>
    """

    /// A product page whose only price is in JSON-LD and in the text.
    static let productJSONLD = """
    <html><head>
    <script type="application/ld+json">
    {"@context": "https://schema.org", "@graph": [
      {"@type": "Organization", "name": "Acme"},
      {"@type": "Product", "name": "Acme Widget", "offers": {"@type": "Offer", "price": "1299.00", "priceCurrency": "EUR"}},
      {"@type": "SoftwareApplication", "name": "Acme Cloud", "offers": [
        {"@type": "Offer", "name": "Pro", "price": 49, "priceCurrency": "USD",
         "priceSpecification": {"@type": "UnitPriceSpecification", "price": 49, "priceCurrency": "USD", "unitCode": "MON"}},
        {"@type": "AggregateOffer", "name": "Enterprise", "lowPrice": "199", "highPrice": "999", "priceCurrency": "USD"}
      ]}
    ]}
    </script>
    <script type="application/ld+json">{ this is not json, "price": 12 }</script>
    </head><body><h1>Acme Widget</h1></body></html>
    """
}
