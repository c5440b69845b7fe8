import StetCore

/// One page of the portal: the shell every page shares (the organisation, a search box, the
/// state it was read from) around its own content. Every text placed in it is escaped here or
/// by the page that built `main`; nothing runs in the browser.
struct PortalPage {
    var title: String
    /// The page's own content, already HTML.
    var main: String
    var organisation: String?
    /// The verified head and the day the page was judged on, shown at its foot.
    var head: String?
    var day: Day?
    /// Words in the search box.
    var search = ""

    var html: String {
        let site = organisation.map { HTMLText.escaped($0) + " · " } ?? ""
        var foot = "Stet document control."
        if let head, let day {
            foot +=
                " Read from state <code>\(String(head.prefix(12)))</code>, whose whole history verified;"
                + " what is in force is judged on \(day)."
        }
        return """
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(HTMLText.escaped(title)) · \(site)Stet</title>
            <link rel="stylesheet" href="/static/portal.css">
            <link rel="icon" href="data:,">
            </head>
            <body>
            <a class="skip" href="#main">Skip to content</a>
            <header class="site">
            <a class="home" href="/">\(site)Documents in force</a>
            <a class="check" href="/check">Check a copy</a>
            <a class="check" href="/dashboard">Dashboard</a>
            <form role="search" method="get" action="/">
            <label for="search">Search titles and text</label>
            <input id="search" name="q" type="search" value="\(HTMLText.escaped(search))">
            <button type="submit">Search</button>
            </form>
            </header>
            <main id="main">
            \(main)
            </main>
            <footer>\(foot)</footer>
            </body>
            </html>

            """
    }

    /// The page for a refused request or a store that cannot be served.
    static func refusal(_ refusal: PortalRefusal, organisation: String? = nil) -> PortalPage {
        PortalPage(
            title: refusal.title,
            main:
                "<h1>\(HTMLText.escaped(refusal.title))</h1>\n<p class=\"refusal\">\(HTMLText.escaped(refusal.message))</p>",
            organisation: organisation)
    }
}
