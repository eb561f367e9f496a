/// Feeds and sitemaps.
enum FeedFixtures {
    static let rss = """
    <?xml version="1.0" encoding="UTF-8"?>
    <rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/">
    <channel>
      <title>Acme Blog</title>
      <link>https://acme.example/blog</link>
      <atom:link href="https://acme.example/feed.xml" rel="self" type="application/rss+xml"/>
      <item>
        <title>Introducing Acme AI</title>
        <link>https://acme.example/blog/acme-ai</link>
        <pubDate>Tue, 10 Mar 2026 09:30:00 GMT</pubDate>
      </item>
      <item>
        <title><![CDATA[Pricing & packaging update]]></title>
        <guid isPermaLink="true">https://acme.example/blog/pricing-update</guid>
        <pubDate>Mon, 02 Mar 2026 08:00:00 +0100</pubDate>
      </item>
      <item>
        <description>&lt;p&gt;A post without a title&lt;/p&gt;</description>
        <link>/blog/untitled</link>
        <dc:date>2026-02-01T12:00:00Z</dc:date>
      </item>
    </channel>
    </rss>
    """

    static let atom = """
    <?xml version="1.0" encoding="utf-8"?>
    <feed xmlns="http://www.w3.org/2005/Atom">
      <title>Acme Changelog</title>
      <entry>
        <title type="html">&lt;b&gt;v2.0&lt;/b&gt; released</title>
        <link rel="alternate" href="https://acme.example/changelog/v2"/>
        <link rel="edit" href="https://acme.example/edit/v2"/>
        <id>urn:uuid:1</id>
        <updated>2026-03-01T10:00:00+02:00</updated>
        <published>2026-02-28T10:00:00Z</published>
      </entry>
      <entry>
        <title>v1.9</title>
        <link href="https://acme.example/changelog/v1-9"/>
        <id>urn:uuid:2</id>
        <updated>not a date</updated>
      </entry>
    </feed>
    """

    static let jsonFeed = """
    {"version": "https://jsonfeed.org/version/1.1", "title": "Acme Notes",
     "items": [
       {"id": "1", "url": "https://acme.example/notes/1", "title": "First note", "date_published": "2026-01-05T08:00:00-05:00"},
       {"id": "https://acme.example/notes/2", "content_text": "A note with only text that serves as its title"},
       {"id": "3"}
     ]}
    """

    static let sitemap = """
    <?xml version="1.0" encoding="UTF-8"?>
    <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
      <url><loc>https://acme.example/</loc><lastmod>2026-01-01</lastmod></url>
      <url><loc> https://acme.example/pricing </loc></url>
      <url><loc>https://acme.example/pricing</loc></url>
      <url><loc>javascript:alert(1)</loc></url>
      <url><loc>https://acme.example/blog/acme-ai</loc></url>
    </urlset>
    """

    static let sitemapIndex = """
    <?xml version="1.0" encoding="UTF-8"?>
    <sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
      <sitemap><loc>https://acme.example/sitemap-pages.xml</loc></sitemap>
      <sitemap><loc>https://acme.example/sitemap-blog.xml</loc></sitemap>
    </sitemapindex>
    """
}
