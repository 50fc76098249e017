#!/usr/bin/env python3
"""Deterministic synthetic news site for `scripts/bench` (python3 stdlib only).

Writes OUT/hK/... for K in 0..hosts-1 (one document root per host; the host is
127.0.0.1:PORT with PORT = base_port + K), and OUT/expected.txt: every URL reachable
from the hosts' front pages by following links (breadth-first, fragments dropped),
one per line, sorted. OUT/stamp.json records the parameters; a second call with the same
parameters returns at once.

Per host: `/` (front page), 10 section pages `/section/NAME/`, articles
`/YYYY/MM/slug-ID.html` (15-35 KB each: head with inline CSS and JS, navigation,
article text, related and most-read boxes, share links to outside hosts, footer),
`/robots.txt` and `/sitemap.xml`. Each page carries 20-40 same-host links and 2-4 links
to other hosts of the site. About 5% of the pages are exact duplicates: an article
linked as `ARTICLE.html?print=1` (nginx serves the same file, so the bytes are identical).
Links are root-relative, document-relative (`slug.html`, same folder) or absolute, some
with a `#fragment`, so duplicates resolve to the same targets.
"""
import argparse, json, os, random, sys

SECTIONS = ["world", "politics", "business", "technology", "science",
            "health", "sport", "culture", "opinion", "travel"]
WORDS = ("the of and to in a is that for it as was with be by on not he this are or his "
         "from at which but have an they you were her she there been one all we their has "
         "would when if so no will what can more about up out them some could into only "
         "other time new people year government minister council report market city water "
         "company growth research study season election court police school health energy "
         "climate budget policy hospital border agreement investment festival museum river "
         "village coast storm harvest railway airport stadium parliament committee analyst "
         "official spokesperson statement inquiry evidence survey figures percent million "
         "billion quarter forecast shares prices workers union strike talks deal summit "
         "leaders voters campaign candidate district province region capital island bridge "
         "tunnel vaccine patients doctors scientists telescope species forest drought flood").split()
CSS = """
:root{--fg:#1a1a1a;--bg:#fff;--accent:#c00;--muted:#666;--rule:#e3e3e3}
*{box-sizing:border-box}body{margin:0;font:16px/1.55 Georgia,'Times New Roman',serif;color:var(--fg);background:var(--bg)}
.site-header{border-bottom:1px solid var(--rule);padding:12px 24px;display:flex;align-items:center;justify-content:space-between}
.site-header .logo{font:700 28px/1 Helvetica,Arial,sans-serif;letter-spacing:-1px;color:var(--accent);text-decoration:none}
.nav{display:flex;flex-wrap:wrap;gap:14px;padding:8px 24px;border-bottom:3px solid var(--fg);font:600 14px Helvetica,Arial,sans-serif}
.nav a{color:var(--fg);text-decoration:none;text-transform:uppercase}.nav a:hover{color:var(--accent)}
.layout{display:grid;grid-template-columns:minmax(0,1fr) 320px;gap:32px;max-width:1200px;margin:0 auto;padding:24px}
article h1{font-size:40px;line-height:1.1;margin:0 0 12px}.standfirst{font-size:20px;color:var(--muted)}
.byline{font:13px Helvetica,Arial,sans-serif;color:var(--muted);margin:12px 0;border-top:1px solid var(--rule);padding-top:8px}
.article-body p{margin:0 0 1em}.article-body figure{margin:24px 0}.article-body figcaption{font-size:13px;color:var(--muted)}
aside .box{border-top:3px solid var(--accent);margin-bottom:24px}.box h3{font:700 15px Helvetica,Arial,sans-serif;text-transform:uppercase}
.box ol,.box ul{padding-left:18px;margin:0}.box li{margin:6px 0;font-size:15px}.box a{color:var(--fg);text-decoration:none}
.share{display:flex;gap:8px;margin:16px 0}.share a{font:12px Helvetica,Arial,sans-serif;padding:4px 8px;border:1px solid var(--rule);border-radius:3px}
.site-footer{background:#111;color:#ccc;padding:32px 24px;font:13px Helvetica,Arial,sans-serif}.site-footer a{color:#ccc;margin-right:12px}
.cookie-banner{position:fixed;bottom:0;left:0;right:0;background:#222;color:#fff;padding:12px;display:none}
@media (max-width:900px){.layout{grid-template-columns:1fr}.nav{overflow-x:auto;flex-wrap:nowrap}article h1{font-size:30px}}
"""
JS = """
(function(){var d=document,w=window;w.dataLayer=w.dataLayer||[];function t(){w.dataLayer.push(arguments)}
t('js',new Date());t('config','UA-000000-1',{anonymize_ip:true,page_path:location.pathname});
var consent=(d.cookie.match(/consent=([^;]+)/)||[])[1];if(!consent){d.addEventListener('DOMContentLoaded',function(){
var b=d.querySelector('.cookie-banner');if(b){b.style.display='block';b.querySelector('button').onclick=function(){
d.cookie='consent=yes;path=/;max-age=31536000';b.style.display='none'}}})}
w.__NEWS_CONFIG__={edition:'international',section:d.body?d.body.dataset.section:'',ads:{slots:['top','mpu1','mpu2','inread'],
lazy:true,refresh:30},paywall:{meter:5,registration:true},comments:{provider:'talk',lazy:true}};
function lazy(){var imgs=d.querySelectorAll('img[data-src]');if(!('IntersectionObserver' in w)){imgs.forEach(function(i){i.src=i.dataset.src});return}
var io=new IntersectionObserver(function(es){es.forEach(function(e){if(e.isIntersecting){e.target.src=e.target.dataset.src;io.unobserve(e.target)}})},{rootMargin:'200px'});
imgs.forEach(function(i){io.observe(i)})}d.addEventListener('DOMContentLoaded',lazy);
function share(n){var u=encodeURIComponent(location.href);return{twitter:'https://twitter.com/intent/tweet?url='+u,facebook:'https://www.facebook.com/sharer/sharer.php?u='+u}[n]}
w.shareTo=function(n){w.open(share(n),'share','width=600,height=400')};})();
"""
EXTERNAL = ["https://twitter.com/intent/tweet?url=", "https://www.facebook.com/sharer/sharer.php?u=",
            "https://www.linkedin.com/shareArticle?url=", "mailto:?subject=Article&body="]


def words(rng, n):
    return " ".join(rng.choice(WORDS) for _ in range(n))


def sentence(rng):
    s = words(rng, rng.randint(8, 24))
    return s[0].upper() + s[1:] + "."


class Host:
    def __init__(self, k, port, n_pages, rng):
        self.k, self.port = k, port
        self.origin = f"http://127.0.0.1:{port}"
        n_dup = max(1, round(n_pages * 0.05))
        n_articles = max(12, n_pages - 1 - len(SECTIONS) - n_dup)
        self.articles = []  # (path, title, section)
        for i in range(n_articles):
            sec = SECTIONS[i % len(SECTIONS)]
            title = words(rng, rng.randint(5, 11)).capitalize()
            slug = "-".join(title.lower().split()[:6])
            y, m = 2019 + (i * 7 // max(1, n_articles)) % 6, 1 + i % 12
            self.articles.append((f"/{y}/{m:02d}/{slug}-{k}{i:06d}.html", title, sec))
        self.dups = sorted(rng.sample(range(n_articles), min(n_dup, n_articles)))


def page(rng, hosts, host, idx, paragraphs):
    """One article page: (html, set of same-host paths linked, list of absolute cross-host URLs)."""
    path, title, sec = host.articles[idx]
    folder = path.rsplit("/", 1)[0] + "/"
    n = len(host.articles)
    links = []  # hrefs, same host
    target_links = rng.randint(20, 40)
    nav = [("/", "Home")] + [(f"/section/{s}/", s.capitalize()) for s in SECTIONS]
    # always: next and previous article (keeps every article reachable), a print link when dup
    nxt, prv = (idx + 1) % n, (idx - 1) % n
    chosen = set()
    budget = target_links - len(nav) - 2 - (1 if idx in host.dup_set else 0) - 3  # 3 footer links
    budget = max(4, budget)
    while len(chosen) < budget:
        chosen.add(rng.randrange(n))
    chosen = sorted(chosen, key=lambda _: rng.random())
    related, inbody, mostread = chosen[:len(chosen) // 3], chosen[len(chosen) // 3: 2 * len(chosen) // 3], chosen[2 * len(chosen) // 3:]

    def href(j, frag=False):
        p = host.articles[j][0]
        r = rng.random()
        if p.rsplit("/", 1)[0] + "/" == folder and r < 0.5:
            h = p.rsplit("/", 1)[1]                     # document-relative
        elif r < 0.85:
            h = p                                       # root-relative
        else:
            h = host.origin + p                         # absolute
        return h + ("#comments" if frag else "")

    cross = []
    for _ in range(rng.randint(2, 4)):
        other = hosts[rng.randrange(len(hosts))]
        if other is host and len(hosts) > 1:
            other = hosts[(host.k + 1) % len(hosts)]
        j = rng.randrange(len(other.articles))
        cross.append(other.origin + other.articles[j][0])

    out = []
    w = out.append
    w("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
    w(f"<title>{title} | The Synthetic Times</title>")
    w('<meta name="viewport" content="width=device-width, initial-scale=1">')
    w(f'<meta name="description" content="{sentence(rng)}">')
    w(f'<meta property="og:title" content="{title}"><meta property="og:type" content="article">')
    w(f'<link rel="canonical" href="{host.origin}{path}">')
    w(f"<style>{CSS}</style>")
    w('<script type="application/ld+json">' + json.dumps({
        "@context": "https://schema.org", "@type": "NewsArticle", "headline": title,
        "datePublished": f"{path[1:5]}-{path[6:8]}-15T08:00:00Z", "author": {"@type": "Person", "name": words(rng, 2).title()},
        "publisher": {"@type": "Organization", "name": "The Synthetic Times"}}) + "</script>")
    w(f"<script>{JS}</script></head>")
    w(f'<body data-section="{sec}"><header class="site-header"><a class="logo" href="/">The Synthetic Times</a>'
      '<form class="search" action="/search" method="get"><input name="q" placeholder="Search"></form></header>')
    w('<nav class="nav">' + "".join(f'<a href="{h}">{t}</a>' for h, t in nav) + "</nav>")
    w('<div class="layout"><main><article>')
    w(f'<h1>{title}</h1><p class="standfirst">{sentence(rng)} {sentence(rng)}</p>')
    w(f'<div class="byline">By {words(rng, 2).title()} &middot; {sec.capitalize()} &middot; '
      f'<time datetime="{path[1:5]}-{path[6:8]}-15">15 {path[6:8]}/{path[1:5]}</time></div>')
    w('<div class="share">' + "".join(f'<a href="{e}{host.origin}{path}" rel="nofollow">Share</a>' for e in EXTERNAL[:3]) + "</div>")
    w('<div class="article-body">')
    size_goal = rng.randint(15_000, 35_000)
    body_links = list(inbody)
    cur = sum(len(s) for s in out) + 4500  # the rest of the chrome after the body
    pi = 0
    while cur < size_goal:
        para = paragraphs[rng.randrange(len(paragraphs))]
        if body_links and pi % 2 == 1:
            j = body_links.pop()
            para = para + f' <a href="{href(j, rng.random() < 0.1)}">{host.articles[j][1]}</a>.'
        elif cross and pi == 3:
            para = para + f' <a href="{cross[0]}">As reported elsewhere</a>.'
        seg = f"<p>{para}</p>"
        if pi == 4:
            seg += f'<figure><img data-src="/img/{idx}.jpg" alt="{words(rng, 5)}"><figcaption>{sentence(rng)}</figcaption></figure>'
        w(seg)
        cur += len(seg)
        pi += 1
    for j in body_links:  # any left over
        w(f'<p>Read more: <a href="{href(j)}">{host.articles[j][1]}</a></p>')
    w("</div>")
    if idx in host.dup_set:
        w(f'<p class="tools"><a href="{path.rsplit("/", 1)[1]}?print=1">Print this article</a></p>')
    w(f'<nav class="pager"><a rel="prev" href="{href(prv)}">Previous</a> <a rel="next" href="{href(nxt)}">Next</a></nav>')
    w('</article><section class="comments" id="comments"><h3>Comments</h3><p>Comments are closed.</p></section></main><aside>')
    w('<div class="box related"><h3>Related</h3><ul>' + "".join(
        f'<li><a href="{href(j)}">{host.articles[j][1]}</a></li>' for j in related) + "</ul></div>")
    w('<div class="box most-read"><h3>Most read</h3><ol>' + "".join(
        f'<li><a href="{href(j)}">{host.articles[j][1]}</a></li>' for j in mostread) + "</ol></div>")
    w('<div class="box partners"><h3>From our partners</h3><ul>' + "".join(
        f'<li><a href="{u}">{words(rng, 6).capitalize()}</a></li>' for u in cross[1:]) + "</ul></div>")
    w('<div class="box ad" data-slot="mpu1"><script>window.__ads=window.__ads||[];__ads.push("mpu1")</script></div>')
    w("</aside></div>")
    w('<footer class="site-footer"><p><a href="/section/opinion/">Opinion</a><a href="/section/travel/">Travel</a>'
      '<a href="/">Front page</a></p><p>&copy; The Synthetic Times. All rights reserved. '
      + sentence(rng) + '</p><div class="cookie-banner">We use cookies. <button>OK</button></div></footer>')
    w("</body></html>\n")
    html = "".join(out)
    return html


def listing(rng, host, title, items, hosts):
    out = ["<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">",
           f"<title>{title} | The Synthetic Times</title><style>{CSS}</style><script>{JS}</script></head><body>",
           '<header class="site-header"><a class="logo" href="/">The Synthetic Times</a></header>',
           '<nav class="nav"><a href="/">Home</a>' + "".join(f'<a href="/section/{s}/">{s.capitalize()}</a>' for s in SECTIONS) + "</nav>",
           f'<div class="layout"><main><h1>{title}</h1><ul class="teasers">']
    for j in items:
        p, t, _ = host.articles[j]
        out.append(f'<li><h2><a href="{p}">{t}</a></h2><p>{sentence(rng)} {sentence(rng)}</p></li>')
    out.append("</ul></main><aside>")
    others = [h for h in hosts if h is not host][:3]
    out.append('<div class="box"><h3>Network</h3><ul>' + "".join(
        f'<li><a href="{h.origin}/">Edition {h.k}</a></li>' for h in others) + "</ul></div>")
    out.append('</aside></div><footer class="site-footer">&copy; The Synthetic Times</footer></body></html>\n')
    return "".join(out)


def generate(out, hosts_n, pages, base_port, seed):
    stamp = {"hosts": hosts_n, "pages": pages, "base_port": base_port, "seed": seed, "version": 3}
    stamp_path = os.path.join(out, "stamp.json")
    try:
        with open(stamp_path) as f:
            old = json.load(f)
            if {k: old.get(k) for k in stamp} == stamp and os.path.exists(os.path.join(out, "expected.txt")):
                return False
    except (OSError, ValueError):
        pass
    import shutil
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out)
    rng = random.Random(seed)
    paragraphs = [" ".join(sentence(rng) for _ in range(rng.randint(3, 7))) for _ in range(3000)]
    hosts = [Host(k, base_port + k, pages, rng) for k in range(hosts_n)]
    for h in hosts:
        h.dup_set = set(h.dups)
    # links graph: collect per page the absolute URLs it links to, for the reachability walk
    import re
    from urllib.parse import urljoin, urldefrag
    graph = {}
    a_href = re.compile(r'<a [^>]*?href="([^"]*)"')

    def record(url, html):
        targets = []
        for hr in a_href.findall(html):
            a = urldefrag(urljoin(url, hr))[0]
            if a.startswith("http://127.0.0.1:"):
                targets.append(a)
        graph[url] = targets

    total_bytes = 0
    for h in hosts:
        root = os.path.join(out, f"h{h.k}")
        os.makedirs(root)
        for idx, (path, _, _) in enumerate(h.articles):
            html = page(rng, hosts, h, idx, paragraphs)
            fp = os.path.join(root, path.lstrip("/"))
            os.makedirs(os.path.dirname(fp), exist_ok=True)
            with open(fp, "w", encoding="utf-8") as f:
                f.write(html)
            total_bytes += len(html)
            record(h.origin + path, html)
            if idx in h.dup_set:
                graph[h.origin + path + "?print=1"] = graph[h.origin + path]
        front = listing(rng, h, "Front page", range(min(40, len(h.articles))), hosts)
        with open(os.path.join(root, "index.html"), "w") as f:
            f.write(front)
        record(h.origin + "/", front)
        for s_i, s in enumerate(SECTIONS):
            items = [j for j in range(s_i, len(h.articles), len(SECTIONS))][:40]
            html = listing(rng, h, s.capitalize(), items, hosts)
            os.makedirs(os.path.join(root, "section", s))
            with open(os.path.join(root, "section", s, "index.html"), "w") as f:
                f.write(html)
            record(f"{h.origin}/section/{s}/", html)
        with open(os.path.join(root, "robots.txt"), "w") as f:
            f.write(f"User-agent: *\nDisallow: /search\nDisallow: /admin/\n\nSitemap: {h.origin}/sitemap.xml\n")
        with open(os.path.join(root, "sitemap.xml"), "w") as f:
            f.write('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n')
            f.write(f"<url><loc>{h.origin}/</loc></url>\n")
            for path, _, _ in h.articles:
                f.write(f"<url><loc>{h.origin}{path}</loc></url>\n")
            f.write("</urlset>\n")
    # breadth-first from the front pages; only URLs that exist (every generated link does)
    seen, frontier = set(), [h.origin + "/" for h in hosts]
    seen.update(frontier)
    while frontier:
        nxt = []
        for u in frontier:
            for t in graph.get(u, ()):
                if t not in seen and t in graph:
                    seen.add(t)
                    nxt.append(t)
        frontier = nxt
    missing_targets = {t for ts in graph.values() for t in ts if t not in graph}
    if missing_targets:
        sys.exit(f"gensite: {len(missing_targets)} link targets do not exist, e.g. {sorted(missing_targets)[:3]}")
    with open(os.path.join(out, "expected.txt"), "w") as f:
        f.write("\n".join(sorted(seen)) + "\n")
    with open(os.path.join(out, "seeds.txt"), "w") as f:
        f.write("\n".join(h.origin + "/" for h in hosts) + "\n")
    links = [len(v) for v in graph.values()]
    stamp["article_bytes_mean"] = total_bytes // max(1, sum(len(h.articles) for h in hosts))
    stamp["links_per_page_mean"] = round(sum(links) / len(links), 1)
    stamp["expected_urls"] = len(seen)
    stamp["duplicates"] = sum(len(h.dups) for h in hosts)
    with open(stamp_path, "w") as f:
        json.dump(stamp, f)
    return True


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", required=True)
    ap.add_argument("--hosts", type=int, default=8)
    ap.add_argument("--pages", type=int, default=2500)
    ap.add_argument("--base-port", type=int, default=18400)
    ap.add_argument("--seed", type=int, default=8)
    a = ap.parse_args()
    made = generate(a.out, a.hosts, a.pages, a.base_port, a.seed)
    with open(os.path.join(a.out, "stamp.json")) as f:
        print(("generated " if made else "reused ") + json.dumps(json.load(f)))


if __name__ == "__main__":
    main()
