/// How a copy looks on screen and on paper.
extension ControlledCopy {
    static let style = """
        body { font-family: "DejaVu Sans", Helvetica, Arial, sans-serif; font-size: 11pt; line-height: 1.45; \
        max-width: 46em; margin: 2em auto; color: #111; }
        section.banner { border: 3px solid #b00; color: #b00; font-weight: bold; font-size: 14pt; \
        padding: 0.5em 0.7em; margin-bottom: 1em; text-align: center; }
        header.control table, section.signatures table { border-collapse: collapse; width: 100%; margin-bottom: 1.2em; }
        header.control th, header.control td, section.signatures th, section.signatures td { border: 1px solid #888; \
        padding: 0.25em 0.5em; text-align: left; vertical-align: top; }
        header.control th { width: 9em; background: #eee; }
        header.control { display: flex; gap: 1em; align-items: flex-start; }
        header.control table { flex: 1; }
        header.control img.qr { width: 28mm; height: 28mm; image-rendering: pixelated; margin-bottom: 1.2em; }
        section.signatures th { background: #eee; }
        section.signatures h2 { font-size: 12pt; margin: 0 0 0.4em 0; }
        section.signatures td.time { white-space: nowrap; }
        main table { border-collapse: collapse; break-inside: avoid; }
        main th, main td { border: 1px solid #aaa; padding: 0.2em 0.4em; }
        main h1, main h2, main h3, main h4 { break-after: avoid; }
        main li, main tr, main pre { break-inside: avoid; }
        main pre { white-space: pre-wrap; overflow-wrap: anywhere; }
        main img { width: auto; height: auto; max-width: 100%; max-height: 190mm; break-inside: avoid; }
        footer { border-top: 2px solid #111; margin-top: 2em; padding-top: 0.5em; font-size: 9pt; }
        section.banner span.day { white-space: nowrap; }
        @page { size: A4; margin: 20mm 16mm 22mm 16mm; \
        @top-left { font: 8pt "DejaVu Sans", sans-serif; width: 65%; vertical-align: bottom; } \
        @top-right { font: bold 8pt "DejaVu Sans", sans-serif; width: 35%; text-align: right; vertical-align: bottom; } \
        @bottom-left { font: 8pt "DejaVu Sans", sans-serif; width: 65%; vertical-align: top; } \
        @bottom-right { font: 8pt "DejaVu Sans", sans-serif; width: 35%; text-align: right; vertical-align: top; \
        white-space: nowrap; } }
        @media print { body { margin: 0; max-width: none; } header.control, section.signatures { break-inside: avoid; } \
        main a[href^="http:"]::after, main a[href^="https:"]::after, main a[href^="mailto:"]::after \
        { content: " <" attr(href) ">"; font-size: 9pt; word-break: break-all; } \
        main a.bare::after { content: none; } }
        span.outside-image { border: 1px dashed #888; padding: 0 0.3em; font-size: 9pt; }
        """
}
