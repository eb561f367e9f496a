import FetchGuard
import Testing

@Suite struct RobotsTxtRFCExampleTests {
    /// RFC 9309 §5.1.
    private let robots = RobotsTxt(parsing: """
        User-Agent: *
        Disallow: *.gif$
        Disallow: /example/
        Allow: /publications/

        User-Agent: foobot
        Disallow:/
        Allow:/example/page.html
        Allow:/example/allowed.gif

        User-Agent: barbot
        User-Agent: bazbot
        Disallow: /example/page.html

        User-Agent: quxbot

        EOF
        """)

    @Test func foobotHasItsOwnGroup() {
        #expect(robots.isAllowed(path: "/example/page.html", userAgent: "foobot"))
        #expect(robots.isAllowed(path: "/example/allowed.gif", userAgent: "FooBot/1.0"))
        #expect(!robots.isAllowed(path: "/example/other.html", userAgent: "foobot"))
        #expect(!robots.isAllowed(path: "/", userAgent: "foobot"))
        #expect(!robots.isAllowed(path: "/publications/", userAgent: "foobot"))
    }

    @Test func barbotAndBazbotShareAGroup() {
        for agent in ["barbot", "bazbot", "BAZBOT"] {
            #expect(!robots.isAllowed(path: "/example/page.html", userAgent: agent))
            // Their group replaces the * group entirely.
            #expect(robots.isAllowed(path: "/example/", userAgent: agent))
            #expect(robots.isAllowed(path: "/image.gif", userAgent: agent))
        }
    }

    @Test func quxbotHasAnEmptyGroup() {
        #expect(robots.isAllowed(path: "/example/page.html", userAgent: "quxbot"))
        #expect(robots.isAllowed(path: "/a.gif", userAgent: "quxbot"))
    }

    @Test func everyoneElseGetsTheStarGroup() {
        #expect(!robots.isAllowed(path: "/image.gif", userAgent: "SpyglassBot/0.1"))
        #expect(robots.isAllowed(path: "/image.gif?x=1", userAgent: "SpyglassBot/0.1"))
        #expect(!robots.isAllowed(path: "/example/", userAgent: "SpyglassBot"))
        #expect(!robots.isAllowed(path: "/example/deep/page", userAgent: "SpyglassBot"))
        #expect(robots.isAllowed(path: "/publications/", userAgent: "SpyglassBot"))
        #expect(robots.isAllowed(path: "/", userAgent: "SpyglassBot"))
    }
}

@Suite struct RobotsTxtGoogleExampleTests {
    /// Whether `pattern`, as the only Disallow, matches `path`.
    private func matches(_ pattern: String, _ path: String) -> Bool {
        !RobotsTxt(parsing: "user-agent: *\ndisallow: \(pattern)\n").isAllowed(path: path, userAgent: "x")
    }

    @Test func rootMatchesEverything() {
        for path in ["/", "/a", "/a/b?c"] {
            #expect(matches("/", path))
            #expect(matches("/*", path))
        }
    }

    @Test func dollarAnchorsTheRoot() {
        #expect(matches("/$", "/"))
        #expect(!matches("/$", "/page"))
    }

    @Test func fishPrefix() {
        for pattern in ["/fish", "/fish*"] {
            for path in [
                "/fish", "/fish.html", "/fish/salmon.html", "/fishheads", "/fishheads/yummy.html",
                "/fish.php?id=anything",
            ] {
                #expect(matches(pattern, path), "\(pattern) should match \(path)")
            }
            for path in ["/Fish.asp", "/catfish", "/?id=fish", "/desert/fish"] {
                #expect(!matches(pattern, path), "\(pattern) should not match \(path)")
            }
        }
    }

    @Test func fishFolder() {
        for path in ["/fish/", "/fish/?id=anything", "/fish/salmon.htm"] {
            #expect(matches("/fish/", path))
        }
        for path in ["/fish", "/fish.html", "/animals/fish/", "/Fish/Salmon.asp"] {
            #expect(!matches("/fish/", path))
        }
    }

    @Test func phpAnywhere() {
        for path in [
            "/index.php", "/filename.php", "/folder/filename.php", "/folder/filename.php?parameters",
            "/folder/any.php.file.html", "/filename.php/",
        ] {
            #expect(matches("/*.php", path))
        }
        for path in ["/", "/windows.PHP"] {
            #expect(!matches("/*.php", path))
        }
    }

    @Test func phpAtTheEnd() {
        for path in ["/filename.php", "/folder/filename.php"] {
            #expect(matches("/*.php$", path))
        }
        for path in ["/filename.php?parameters", "/filename.php/", "/filename.php5", "/windows.PHP"] {
            #expect(!matches("/*.php$", path))
        }
    }

    @Test func fishStarPhp() {
        #expect(matches("/fish*.php", "/fish.php"))
        #expect(matches("/fish*.php", "/fishheads/catfish.php?parameters"))
        #expect(!matches("/fish*.php", "/Fish.PHP"))
    }

    private func precedence(allow: String, disallow: String, path: String) -> Bool {
        RobotsTxt(parsing: "User-agent: *\nAllow: \(allow)\nDisallow: \(disallow)\n")
            .isAllowed(path: path, userAgent: "SpyglassBot")
    }

    @Test func orderOfPrecedence() {
        #expect(precedence(allow: "/p", disallow: "/", path: "/page"))
        #expect(precedence(allow: "/folder", disallow: "/folder", path: "/folder/page"))
        #expect(!precedence(allow: "/page", disallow: "/*.htm", path: "/page.htm"))
        #expect(precedence(allow: "/page", disallow: "/*.ph", path: "/page.php"))
        #expect(precedence(allow: "/$", disallow: "/", path: "/"))
        #expect(!precedence(allow: "/$", disallow: "/", path: "/page.htm"))
    }
}

@Suite struct RobotsTxtBehaviourTests {
    @Test func emptyFileAllowsEverything() {
        #expect(RobotsTxt(parsing: "").isAllowed(path: "/anything", userAgent: "SpyglassBot"))
        #expect(RobotsTxt.allowAll.isAllowed(path: "/anything", userAgent: "SpyglassBot"))
    }

    @Test func robotsTxtItselfIsAlwaysAllowed() {
        let robots = RobotsTxt(parsing: "User-agent: *\nDisallow: /\n")
        #expect(robots.isAllowed(path: "/robots.txt", userAgent: "SpyglassBot"))
        #expect(!robots.isAllowed(path: "/robots.txt.bak", userAgent: "SpyglassBot"))
        #expect(!robots.isAllowed(path: "/", userAgent: "SpyglassBot"))
    }

    @Test func emptyDisallowAllowsAll() {
        let robots = RobotsTxt(parsing: "User-agent: *\nDisallow:\n")
        #expect(robots.isAllowed(path: "/private", userAgent: "SpyglassBot"))
    }

    @Test func specificGroupWinsOverStar() {
        let robots = RobotsTxt(parsing: """
            User-agent: *
            Disallow: /

            User-agent: SpyglassBot
            Disallow: /private
            """)
        #expect(robots.isAllowed(path: "/public", userAgent: "SpyglassBot/0.1 (+https://example.com)"))
        #expect(!robots.isAllowed(path: "/private/x", userAgent: "spyglassbot"))
        #expect(!robots.isAllowed(path: "/public", userAgent: "OtherBot"))
    }

    @Test func productTokensMatchWholly() {
        let robots = RobotsTxt(parsing: "User-agent: Spyglass\nDisallow: /\n")
        #expect(robots.isAllowed(path: "/", userAgent: "SpyglassBot"))
        #expect(!robots.isAllowed(path: "/", userAgent: "Spyglass/2.0"))
    }

    @Test func groupsForTheSameAgentAreMerged() {
        let robots = RobotsTxt(parsing: """
            User-agent: spyglassbot
            Disallow: /a

            User-agent: other
            Disallow: /b

            User-agent: SpyglassBot
            Disallow: /c
            """)
        #expect(!robots.isAllowed(path: "/a", userAgent: "SpyglassBot"))
        #expect(robots.isAllowed(path: "/b", userAgent: "SpyglassBot"))
        #expect(!robots.isAllowed(path: "/c", userAgent: "SpyglassBot"))
    }

    @Test func commentsCaseAndWhitespace() {
        let robots = RobotsTxt(parsing: """
            # A comment
            USER-AGENT :  *   # trailing comment
            \tDISALLOW\t:\t/secret   # not part of the path
            allow: /secret/public
            """)
        #expect(!robots.isAllowed(path: "/secret/x", userAgent: "SpyglassBot"))
        #expect(robots.isAllowed(path: "/secret/public/x", userAgent: "SpyglassBot"))
        #expect(robots.isAllowed(path: "/other", userAgent: "SpyglassBot"))
    }

    @Test func lineEndings() {
        for separator in ["\r\n", "\r", "\n"] {
            let robots = RobotsTxt(parsing: ["User-agent: *", "Disallow: /x"].joined(separator: separator))
            #expect(!robots.isAllowed(path: "/x", userAgent: "SpyglassBot"))
        }
    }

    @Test func byteOrderMarkIsSkipped() {
        let robots = RobotsTxt(bytes: [0xEF, 0xBB, 0xBF] + Array("User-agent: *\nDisallow: /x\n".utf8))
        #expect(!robots.isAllowed(path: "/x", userAgent: "SpyglassBot"))
    }

    @Test func rulesBeforeAnyUserAgentAreIgnored() {
        let robots = RobotsTxt(parsing: "Disallow: /\nUser-agent: *\nDisallow: /x\n")
        #expect(robots.isAllowed(path: "/y", userAgent: "SpyglassBot"))
        #expect(!robots.isAllowed(path: "/x", userAgent: "SpyglassBot"))
    }

    @Test func percentEncodingIsNormalised() {
        let robots = RobotsTxt(parsing: """
            User-agent: *
            Disallow: /%7Ejoe/
            Disallow: /caf%c3%a9
            Disallow: /a%2fb
            Disallow: /ünï
            """)
        #expect(!robots.isAllowed(path: "/~joe/index.html", userAgent: "x"))
        #expect(!robots.isAllowed(path: "/%7ejoe/index.html", userAgent: "x"))
        #expect(!robots.isAllowed(path: "/café", userAgent: "x"))
        #expect(!robots.isAllowed(path: "/caf%C3%A9", userAgent: "x"))
        #expect(!robots.isAllowed(path: "/a%2Fb", userAgent: "x"))
        // An encoded slash is not a slash.
        #expect(robots.isAllowed(path: "/a/b", userAgent: "x"))
        #expect(!robots.isAllowed(path: "/%C3%BCn%C3%AF", userAgent: "x"))
    }

    @Test func patternsWithoutLeadingSlashAreRooted() {
        let robots = RobotsTxt(parsing: "User-agent: *\nDisallow: private\n")
        #expect(!robots.isAllowed(path: "/private/page", userAgent: "x"))
        #expect(robots.isAllowed(path: "/public", userAgent: "x"))
    }

    @Test func pathsWithoutLeadingSlashAreRooted() {
        let robots = RobotsTxt(parsing: "User-agent: *\nDisallow: /x\n")
        #expect(!robots.isAllowed(path: "x", userAgent: "a"))
        #expect(robots.isAllowed(path: "", userAgent: "a"))
    }

    @Test func crawlDelay() {
        let robots = RobotsTxt(parsing: """
            User-agent: *
            Crawl-delay: 2.5

            User-agent: fastbot
            Crawl-delay: nan
            User-agent: slowbot
            Crawl-delay: 1e300
            """)
        #expect(robots.crawlDelay(userAgent: "SpyglassBot") == .milliseconds(2500))
        // fastbot and slowbot share the second group: its first valid delay.
        #expect(robots.crawlDelay(userAgent: "slowbot") == .seconds(86_400))
        #expect(RobotsTxt(parsing: "User-agent: *\nCrawl-delay: -1\n").crawlDelay(userAgent: "x") == nil)
        #expect(RobotsTxt(parsing: "User-agent: *\nCrawl-delay: inf\n").crawlDelay(userAgent: "x") == nil)
        #expect(RobotsTxt(parsing: "").crawlDelay(userAgent: "x") == nil)
    }

    @Test func sitemapsAreCollected() {
        let robots = RobotsTxt(parsing: "Sitemap: https://example.com/sitemap.xml\nUser-agent: *\nDisallow:\n")
        #expect(robots.sitemaps == ["https://example.com/sitemap.xml"])
    }

    @Test func misspelledKeysAreUnderstood() {
        let robots = RobotsTxt(parsing: "useragent: *\ndissallow: /x\n")
        #expect(!robots.isAllowed(path: "/x", userAgent: "SpyglassBot"))
    }
}

@Suite struct RobotsTxtHostileInputTests {
    @Test func garbageIsIgnored() {
        let robots = RobotsTxt(parsing: """
            <!DOCTYPE html><html><body>Not found</body></html>
            : : :
            Disallow
            User-agent
            User-agent:
            :::Disallow: /
            \u{0}\u{1}\u{7F}
            """)
        #expect(robots.isAllowed(path: "/", userAgent: "SpyglassBot"))
    }

    @Test func invalidUTF8DoesNotCrash() {
        let bytes: [UInt8] = Array("User-agent: *\nDisallow: /".utf8) + [0xFF, 0xFE, 0xC3] + Array("\nAllow: /ok\n".utf8)
        let robots = RobotsTxt(bytes: bytes)
        #expect(robots.isAllowed(path: "/ok", userAgent: "x"))
        #expect(!robots.isAllowed(path: "/%FF%FE%C3", userAgent: "x"))
    }

    @Test func onlyTheFirst500KiBCount() {
        let filler = String(repeating: "# padding padding padding padding padding padding\n", count: 11_000)
        #expect(filler.utf8.count > RobotsTxt.maximumSize)
        let robots = RobotsTxt(parsing: "User-agent: *\nDisallow: /early\n" + filler + "Disallow: /late\n")
        #expect(!robots.isAllowed(path: "/early", userAgent: "x"))
        #expect(robots.isAllowed(path: "/late", userAgent: "x"))
    }

    @Test func aLineCutByTheCapIsDropped() {
        let head = "User-agent: *\nDisallow: /\n"
        let padding = String(repeating: "#", count: RobotsTxt.maximumSize - head.utf8.count - "\nAllow: /".utf8.count)
        // "Allow: /x..." cut at the cap would read "Allow: /", allowing everything.
        let robots = RobotsTxt(parsing: head + padding + "\nAllow: /xxxxxxxx\n")
        #expect(!robots.isAllowed(path: "/anything", userAgent: "x"))
    }

    @Test func manyStarsDoNotBlowUp() {
        let pattern = String(repeating: "*a", count: 2_000) + "$"
        let robots = RobotsTxt(parsing: "User-agent: *\nDisallow: /\(pattern)\n")
        let path = "/" + String(repeating: "a", count: 1_999) + "b"
        #expect(robots.isAllowed(path: path, userAgent: "x"))
        #expect(!robots.isAllowed(path: "/" + String(repeating: "a", count: 2_000), userAgent: "x"))
    }

    @Test func aHugeSingleLine() {
        let robots = RobotsTxt(parsing: "User-agent: *\nDisallow: /" + String(repeating: "z", count: 600_000))
        #expect(robots.isAllowed(path: "/zzz", userAgent: "x"))
    }

    @Test func manyGroups() {
        var text = ""
        for index in 0..<5_000 { text += "User-agent: bot\(index)\nDisallow: /\(index)\n" }
        text += "User-agent: *\nDisallow: /star\n"
        let robots = RobotsTxt(parsing: text)
        #expect(!robots.isAllowed(path: "/star", userAgent: "SpyglassBot"))
        #expect(robots.isAllowed(path: "/1", userAgent: "SpyglassBot"))
    }
}
