import Crypto

/// The portal's one stylesheet, served from the portal itself (no outside resources, no inline
/// styles, so the Content-Security-Policy can forbid both). Readable at 200% zoom and at a
/// phone's width: one column, text that wraps, tables that scroll inside their box.
enum PortalStyle {
    static let css = """
        :root { color-scheme: light; --ink: #1b1b1b; --muted: #505a5f; --line: #b1b4b6; --link: #1d4f91;
          --ok: #00703c; --warn: #8a4b00; --stop: #b10e1e; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 1rem/1.5 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif;
          color: var(--ink); background: #fff; }
        a { color: var(--link); }
        a:focus, button:focus, input:focus, select:focus, .scroll:focus { outline: 3px solid #fd0; outline-offset: 0;
          box-shadow: 0 0 0 6px #0b0c0c; }
        .skip { position: absolute; left: -999px; }
        .skip:focus { left: 1rem; top: 1rem; background: #fd0; padding: .5rem; }
        header.site { display: flex; flex-wrap: wrap; gap: .75rem 2rem; align-items: center; padding: .75rem 1rem;
          background: #0b0c0c; color: #fff; }
        header.site .home { color: #fff; font-weight: 700; text-decoration: none; font-size: 1.1rem; }
        header.site .check { color: #fff; }
        header.site form { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; }
        header.site label { font-size: .9rem; }
        input, select, button { font: inherit; padding: .3rem .5rem; border: 2px solid var(--ink); border-radius: 0; }
        button { background: #1d4f91; color: #fff; border-color: #1d4f91; cursor: pointer; }
        main { max-width: 72rem; margin: 0 auto; padding: 1rem; }
        footer { max-width: 72rem; margin: 2rem auto; padding: 1rem; color: var(--muted); font-size: .9rem;
          border-top: 1px solid var(--line); }
        h1 { font-size: 1.8rem; line-height: 1.2; margin: .5rem 0 1rem; }
        h1 .id { color: var(--muted); font-weight: 600; margin-right: .25rem; }
        .breadcrumb { margin: 0; font-size: .9rem; }
        form.filters, form.on-day { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: end;
          margin: 1rem 0; padding: .75rem; background: #f3f2f1; }
        form.filters label, form.on-day label { display: block; font-weight: 600; font-size: .9rem; }
        .scroll { overflow-x: auto; }
        table { border-collapse: collapse; width: 100%; }
        caption { text-align: left; font-weight: 600; padding: .25rem 0; }
        th, td { text-align: left; vertical-align: top; padding: .4rem .6rem; border-bottom: 1px solid var(--line); }
        thead th { border-bottom: 2px solid var(--ink); white-space: nowrap; }
        .state { white-space: nowrap; }
        .state.effective { color: var(--ok); font-weight: 600; }
        .state.retired, .overdue { color: var(--stop); font-weight: 600; }
        ul.matches { margin: .25rem 0 0; padding-left: 1rem; font-size: .9rem; color: var(--muted); }
        .line { font-variant-numeric: tabular-nums; }
        mark { background: #fd0; color: var(--ink); }
        .banner { border-left: .6rem solid; padding: .75rem 1rem; margin: 1rem 0; font-size: 1.05rem; }
        .banner.in-force { border-color: var(--ok); background: #e6f2ec; }
        .banner.not-yet { border-color: var(--warn); background: #fbeee0; }
        .banner.superseded, .banner.retired, .banner.none { border-color: var(--stop); background: #f9e1e3; }
        .banner.meaning { border-color: var(--link); background: #e8eef7; }
        .banner.problem { border-color: var(--stop); background: #f9e1e3; }
        form.sign { margin: 1rem 0; padding: 1rem; background: #f3f2f1; max-width: 32rem; }
        form.sign label { display: block; font-weight: 600; }
        form.sign input { width: 100%; }
        a.button { display: inline-block; padding: .4rem .8rem; background: #00703c; color: #fff; font-weight: 600;
          text-decoration: none; }
        .note { color: var(--muted); font-size: .9rem; max-width: 40rem; }
        dl.particulars { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; margin: 1rem 0; }
        dl.particulars dt { font-weight: 600; }
        dl.particulars dd { margin: 0; }
        article.text { border-top: 2px solid var(--ink); margin-top: 1rem; padding-top: .5rem; overflow-wrap: anywhere; }
        article.text img { max-width: 100%; height: auto; }
        article.text table { margin: 1rem 0; }
        pre.diff { margin: 1rem 0; padding: .5rem; background: #f3f2f1; white-space: pre-wrap; overflow-wrap: anywhere; }
        pre.diff ins { display: block; text-decoration: none; background: #d4ebdd; }
        pre.diff del { display: block; background: #f6d2d6; }
        pre.diff .hunk { display: block; color: var(--muted); }
        ol.history { padding-left: 1.5rem; }
        nav.pager { display: flex; flex-wrap: wrap; gap: 1rem; align-items: center; margin: 1rem 0; }
        .refusal { font-size: 1.1rem; }
        code { font-size: .95em; }
        @media (max-width: 40rem) { h1 { font-size: 1.4rem; } dl.particulars { grid-template-columns: 1fr; }
          dl.particulars dd { margin-bottom: .5rem; }
          table.register thead { position: absolute; left: -9999px; }
          table.register tr { display: block; padding: .5rem 0; border-bottom: 1px solid var(--line); }
          table.register th, table.register td { display: block; border: 0; padding: .1rem 0; }
          table.register td[data-label]::before { content: attr(data-label) ": "; font-weight: 600; } }
        @media print { header.site, form, footer, .downloads, .acknowledge { display: none; } }

        """

    static let bytes = Array(css.utf8)

    /// Names the stylesheet's content, so a new release's is fetched again.
    static let entityTag: String = {
        let digest = SHA256.hash(data: bytes)
        return "\"css-" + digest.prefix(8).map { String($0, radix: 16) }.joined() + "\""
    }()
}
