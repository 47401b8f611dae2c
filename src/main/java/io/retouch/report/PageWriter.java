package io.retouch.report;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The frame of every page: head, style, page links. Everything a page needs is in the page or
 * under DIR, so the report opens offline and can be zipped or copied as it is.
 */
final class PageWriter {

    static final String STYLE = """
            body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0 auto;max-width:1500px;\
            padding:16px 24px;color:#1d1d1f;background:#fafafa}
            h1{font-size:22px;margin:4px 0 12px}h2{font-size:18px;margin:28px 0 8px;border-bottom:1px solid #ddd;padding-bottom:4px}
            h3{font-size:15px;margin:16px 0 6px}
            table{border-collapse:collapse;background:#fff}td,th{border:1px solid #e0e0e0;padding:4px 8px;text-align:left;vertical-align:top}
            th{background:#f3f3f3;font-weight:600}table.facts th{width:220px}
            .num{text-align:right;font-variant-numeric:tabular-nums}
            .state{display:inline-block;padding:0 6px;border-radius:4px;font-size:12px;font-weight:600;background:#fff3cd;color:#7a5b00}
            .state.SUCCEEDED,.state.COMPLETED{background:#d9f2df;color:#17612c}.state.FAILED{background:#fbdada;color:#9b1c1c}
            nav.pages{margin:12px 0;display:flex;flex-wrap:wrap;gap:4px}nav.pages a,nav.pages span{padding:2px 8px;border:1px solid #ccc;\
            border-radius:4px;text-decoration:none;background:#fff}nav.pages span.here{background:#1d1d1f;color:#fff;border-color:#1d1d1f}
            .sheet{display:grid;grid-template-columns:repeat(auto-fill,minmax(580px,1fr));gap:12px}
            .task{background:#fff;border:1px solid #ddd;border-left:4px solid #e0b000;border-radius:6px;padding:8px 10px}
            .task.SUCCEEDED{border-left-color:#2e9e4f}.task.FAILED{border-left-color:#d33}
            .task header{display:flex;gap:8px;align-items:baseline;flex-wrap:wrap}.task .key{font-weight:600;word-break:break-all}
            .meta{color:#666;font-size:12px}.pair{display:flex;gap:10px;align-items:center;margin:6px 0}
            .side{display:flex;flex-wrap:wrap;gap:4px;margin:0;min-width:130px;flex:1}.side figcaption{width:100%;font-size:11px;color:#888;\
            text-transform:uppercase;letter-spacing:.05em}
            .side img{max-width:256px;max-height:256px;width:auto;height:auto;border:1px solid #eee;background:#fff}
            .arrow{font-size:22px;color:#aaa}
            .missing{width:160px;min-height:100px;display:flex;align-items:center;justify-content:center;text-align:center;\
            font-size:12px;color:#9b1c1c;background:repeating-linear-gradient(45deg,#f6f6f6,#f6f6f6 8px,#eee 8px,#eee 16px);\
            border:1px dashed #ccc;padding:6px;box-sizing:border-box;word-break:break-word}
            .none{color:#999;font-size:12px;padding:8px}
            .prompt{margin:4px 0;color:#333;word-break:break-word}.reason{margin:4px 0;color:#9b1c1c;word-break:break-word}
            """;

    /** Tells a browser, and the report's own test, how many pictures of the page loaded. */
    static final String SCRIPT = """
            window.addEventListener("load", function () {
              var images = document.images, loaded = 0;
              for (var i = 0; i < images.length; i++) if (images[i].complete && images[i].naturalWidth > 0) loaded++;
              document.body.dataset.images = images.length;
              document.body.dataset.imagesLoaded = loaded;
            });
            """;

    /**
     * Nothing from the network, and only this style and script run: should some text slip past
     * {@link Html#text}, a browser still refuses to run it.
     */
    static final String POLICY = "default-src 'none'; img-src 'self' file: data:; style-src '" + sha256(STYLE)
            + "'; script-src '" + sha256(SCRIPT) + "'; base-uri 'none'; form-action 'none'";

    private PageWriter() {
    }

    /** Page 1 is index.html, page n is page-n.html. */
    static String fileName(int page) {
        return page == 1 ? "index.html" : "page-" + page + ".html";
    }

    static String page(String title, int page, int pages, String body) {
        String nav = nav(page, pages);
        return """
                <!DOCTYPE html>
                <html lang="en">
                <head>
                <meta charset="utf-8">
                <meta http-equiv="Content-Security-Policy" content="%s">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>%s</title>
                <style>%s</style>
                <script>%s</script>
                </head>
                <body>
                <h1>%s</h1>
                %s
                %s
                %s
                </body>
                </html>
                """.formatted(Html.text(POLICY), Html.text(title + (pages > 1 ? " (page " + page + " of " + pages + ")" : "")),
                STYLE, SCRIPT, Html.text(title), nav, body, nav);
    }

    private static String nav(int page, int pages) {
        if (pages <= 1) return "";
        StringBuilder nav = new StringBuilder("<nav class=\"pages\">");
        if (page > 1) nav.append("<a href=\"").append(fileName(page - 1)).append("\" rel=\"prev\">&larr; previous</a>");
        for (int p = 1; p <= pages; p++) {
            if (p == page) nav.append("<span class=\"here\">").append(p).append("</span>");
            else nav.append("<a href=\"").append(fileName(p)).append("\">").append(p).append("</a>");
        }
        if (page < pages) nav.append("<a href=\"").append(fileName(page + 1)).append("\" rel=\"next\">next &rarr;</a>");
        return nav.append("</nav>").toString();
    }

    private static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return "sha256-" + Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
