/// The one stylesheet, served from `/static/kaizen.css` so the Content-Security-Policy can
/// forbid inline styles.
enum Stylesheet {
    static let css = """
        body{font-family:system-ui,sans-serif;margin:0;color:#222;background:#fafafa}
        nav{background:#223;color:#eee;padding:.6em 1.2em;display:flex;gap:1.2em;align-items:center}
        nav a{color:#cde;text-decoration:none}nav .who{margin-left:auto}
        main{max-width:980px;margin:1.5em auto;padding:0 1em}
        table{border-collapse:collapse;width:100%;margin:.5em 0 1.5em}th,td{text-align:left;padding:4px 8px;border-bottom:1px solid #ddd;vertical-align:top}
        pre{background:#fff;border:1px solid #ddd;padding:.6em;overflow:auto;white-space:pre-wrap}
        .diff .del{color:#a22}.diff .add{color:#272}
        .badge{display:inline-block;padding:0 6px;border-radius:8px;font-size:.85em;background:#eee}
        .stale{background:#fd8;color:#520}.good{color:#272}.bad{color:#a22}
        .flash{padding:.6em;border:1px solid #9c9;background:#efe}.error{padding:.6em;border:1px solid #c99;background:#fee}
        form.decide{border:1px solid #ddd;background:#fff;padding:.8em;margin:.6em 0}
        form.inline{display:inline}textarea,input[type=text],input[type=password]{width:100%;box-sizing:border-box;padding:.4em}
        button{padding:.4em 1em;margin-top:.4em}.spark{font-family:monospace;font-size:1.3em}
        .empty{color:#777}
        """
}
