// The seed article of the extraction issue (shared/corpus/seed-article): a news page with
// navigation, a dek, an "Also Read" list, a newsletter prompt, sidebars and related posts.
// Embedded as a string because the test target declares no resources.

enum SeedArticle {
    static let html = ##"""
<!DOCTYPE html>
<html lang="en-US" prefix="og: https://ogp.me/ns#">
<head>
<meta charset="UTF-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>X banned in Pakistan, Interior Ministry confirms: Report - MediaNama</title>
<meta name="description" content="In its submission, the Interior Ministry said the decision to impose a ban was “made in the interest of upholding national security, maintaining public order, and preserving the integrity” of the nation.">
<link rel="canonical" href="https://www.medianama.com/2024/04/223-x-banned-pakistan-interior-ministry/">
<meta property="og:locale" content="en_US">
<meta property="og:type" content="article">
<meta property="og:title" content="X banned in Pakistan, Interior Ministry confirms: Report">
<meta property="og:description" content="In its submission, the Interior Ministry said the decision to impose a ban was “made in the interest of upholding national security, maintaining public order, and preserving the integrity” of the nation.">
<meta property="og:url" content="https://www.medianama.com/2024/04/223-x-banned-pakistan-interior-ministry/">
<meta property="og:site_name" content="MediaNama">
<meta property="article:published_time" content="2024-04-18T06:12:31+05:30">
<meta property="article:modified_time" content="2024-04-18T06:40:02+05:30">
<meta name="twitter:card" content="summary_large_image">
<script type="application/ld+json" class="yoast-schema-graph">{"@context": "https://schema.org", "@graph": [{"@type": "WebPage", "@id": "https://www.medianama.com/2024/04/223-x-banned-pakistan-interior-ministry/", "name": "X banned in Pakistan, Interior Ministry confirms: Report - MediaNama"}, {"@type": "NewsArticle", "headline": "X banned in Pakistan, Interior Ministry confirms: Report", "datePublished": "2024-04-18T06:12:31+05:30", "dateModified": "2024-04-18T06:40:02+05:30", "publisher": {"@type": "Organization", "name": "MediaNama"}, "mainEntityOfPage": "https://www.medianama.com/2024/04/223-x-banned-pakistan-interior-ministry/", "keywords": "Pakistan,Twitter,X", "articleSection": "News", "inLanguage": "en-US"}]}</script>
<link rel="stylesheet" id="mvp-custom-style-css" href="/wp-content/themes/zox-news/style.css?ver=6.4.3" type="text/css" media="all">
<style id="mvp-custom-style-inline-css">#mvp-wallpaper { background: url() no-repeat 50% 0; } .mvp-feat1-list-text h2 { color: #000; }</style>
<script src="/wp-includes/js/jquery/jquery.min.js?ver=3.7.1" id="jquery-core-js"></script>
<script>window.dataLayer = window.dataLayer || []; function gtag(){dataLayer.push(arguments);} gtag('js', new Date()); gtag('config', 'G-XXXXXXX');</script>
</head>
<body class="post-template-default single single-post postid-181223 single-format-standard">
<noscript><img src="https://pixel.wp.com/g.gif?v=ext&amp;blog=1&amp;post=181223" alt="wordpress blog stats" style="height:0;border:0;width:0;"></noscript>
<div id="mvp-site" class="left relative">
<header id="mvp-main-head-wrap" class="left relative">
  <div id="mvp-top-nav-wrap">
    <div class="mvp-soc-head"><span class="mvp-soc-head-title">Connect with us</span>
      <ul><li><a href="https://twitter.com/medianama" target="_blank" rel="noopener">Twitter</a></li><li><a href="https://www.facebook.com/medianama" target="_blank" rel="noopener">Facebook</a></li><li><a href="https://www.linkedin.com/company/medianama" target="_blank" rel="noopener">LinkedIn</a></li></ul>
    </div>
    <div id="mvp-search-wrap"><form method="get" id="searchform" action="/"><input type="text" name="s" id="s" value="Hi, what are you looking for?" onfocus='if (this.value == "Hi, what are you looking for?") { this.value = ""; }'><input type="hidden" id="searchsubmit" value="Search"></form></div>
  </div>
  <nav id="mvp-nav-menu" class="mvp-main-menu"><ul id="menu-main-menu" class="menu">
    <li><a href="/">Home</a></li><li><a href="/category/news/">News</a></li><li><a href="/category/views/">Views</a></li><li><a href="/category/events/">Events</a></li><li><a href="/about/">About</a></li><li><a href="/subscribe/">Subscribe</a></li>
  </ul></nav>
  <div class="mvp-trend-wrap"><span>Discover more:</span>, <a href="/tag/pakistan/"></a>, <a href="/tag/twitter/"></a>, <a href="/tag/x/"></a>, <a href="/tag/censorship/"></a>, <a href="/tag/pta/"></a></div>
</header>
<main id="mvp-main-body-wrap" class="left relative">
<article id="mvp-article-wrap" itemscope itemtype="http://schema.org/NewsArticle">
  <meta itemscope itemprop="mainEntityOfPage" itemType="https://schema.org/WebPage" itemid="https://www.medianama.com/2024/04/223-x-banned-pakistan-interior-ministry/">
  <div id="mvp-article-cont" class="left relative">
    <div id="mvp-post-main" class="left relative">
      <header id="mvp-post-head" class="left relative">
        <h3 class="mvp-post-cat left relative"><a class="mvp-post-cat-link" href="/category/news/"><span class="mvp-post-cat left">News</span></a></h3>
        <h1 class="mvp-post-title left entry-title" itemprop="headline">X banned in Pakistan, Interior Ministry confirms: Report</h1>
        <span class="mvp-post-excerpt left"><p>In its submission, the Interior Ministry said the decision to impose a ban was “made in the interest of upholding national security, maintaining public order, and preserving the integrity” of the nation.</p></span>
        <div class="mvp-author-info-wrap left relative">
          <div class="mvp-author-info-text left relative">
            <div class="mvp-author-info-date left relative"><p>Published</p> <span class="mvp-post-date"><time class="post-date updated" itemprop="datePublished" datetime="2024-04-18">on April 18, 2024</time></span></div>
          </div>
        </div>
      </header>
      <div id="mvp-post-content" class="left relative">
        <div id="mvp-content-wrap" class="left relative">
          <div id="mvp-content-body" class="left relative">
            <div id="mvp-content-main" class="left relative entry-content" itemprop="articleBody">
<p>Social Media platform X, formerly Twitter, has been banned in Pakistan for national security concerns, confirmed Pakistan’s Interior Ministry after months of allegations of shutdown. The Interior Ministry in a submission to Islamabad High Court on April 17 said, “The decision to impose a ban on Twitter/X in Pakistan was made in the interest of upholding national security, maintaining public order, and preserving the integrity of our nation,” Reuters reported.</p>
<p>Many users in Pakistan noted that Twitter had been blocked in Pakistan since earlier this year, on February 17. Despite confirmations from watchdogs such as NetBlocks, the Pakistani government gave no confirmation.</p>
<p>The submission made to the court said that Twitter had orders for the closure of X on February 17, 2024, based on the Federal Investigation Agency (FIA) Cybercrime Wing. The report claimed that the FIA requested X to ban accounts for their “defamatory campaign” against the Chief Justice of Pakistan. However, they claimed that X officials ignored the requests of the FIA Cybercrime Wing and did not respond, which led to the decision to temporarily block the platform.”It is very pertinent to mention here that the failure of Twitter/X to adhere to the lawful directives of the government of Pakistan and address concerns regarding the misuse of its platform necessitated the imposition of a ban”, the report stated.</p>
<p>The report also stated that the social media platform TikTok was also banned by the government. However, on signing a Memorandum of Understanding to comply with Pakistani law, it was unblocked.</p>
<p>X’s Global Government Affairs has said that it will, “continue to work with the Pakistani Government to understand their concerns.”</p>
<p>The Sindh High Court ordered the Pakistan Telecommunication Authority (PTA), the regulatory body, to give valid reasons for shutting down X and adjourned the hearing till May 9, in response to a separate complaint. It also ordered the interior ministry to rescind within a week its February 17 letter instructing the PTA to block X.</p>
<p>In March, Amnesty International along with 27 civil society organizations signed a joint statement calling for immediate restoration of X in Pakistan. The statement condemned the blocking of X for digital censorship and reminded that the banning undermines Pakistan’s international law commitments. Further, they said, “We are also dismayed by reports of throttling of VPNs, undermining people’s access to information and right to privacy.”</p>
<p>The banning of X in Pakistan came after widespread protests in the country over allegations of voter manipulation and election rigging in the 2024 general elections which took place back in February. Mobile phone services were also banned in February to “maintain law and order.”</p>
<p><strong>Also Read:</strong></p>
<ul class="also-read">
<li><a href="/2024/02/223-netblocks-x-outage-pakistan-election/">NetBlocks confirms X outage in Pakistan after election</a></li>
<li><a href="/2024/03/223-amnesty-joint-statement-restore-x-pakistan/">Amnesty, 27 organisations ask Pakistan to restore X</a></li>
</ul>
<p><strong>STAY ON TOP OF TECH NEWS:</strong> Our daily newsletter with the top story of the day from MediaNama, delivered to your inbox before 9 AM. <a href="/subscribe/">Click here to sign up today!</a></p>
<p>&nbsp;</p>
            </div>
            <div class="mvp-post-tags"><span class="mvp-post-tags-header">Discover more:</span><span itemprop="keywords">, <a href="/tag/pakistan/" rel="tag"></a>, <a href="/tag/twitter/" rel="tag"></a>, <a href="/tag/x/" rel="tag"></a>, <a href="/tag/censorship/" rel="tag"></a></span></div>
            <div id="mvp-author-box-wrap" class="left relative"><div class="mvp-author-box-out"><span class="mvp-author-box-name-head">Written By</span> <span class="mvp-author-box-name"></span></div></div>
          </div>
        </div>
      </div>
    </div>
    <aside id="mvp-side-wrap" class="left relative theiaStickySidebar">
      <section class="mvp-side-widget"><div class="mvp-widget-home-head"><h4 class="mvp-widget-home-title"><span class="mvp-widget-home-title">Free Reads</span></h4></div>
        <div class="mvp-widget-feat1-wrap"><span class="mvp-cd-cat">News</span>
<article class="mvp-widget-feat post type-post status-publish">
  <div class="post-thumb"><a href="/2024/04/x-banned-pakistan-interior-ministry/"><img src="/wp-content/uploads/2024/04/x-banned-pakistan-interior-ministry-300x169.jpg" alt="" loading="lazy" width="300" height="169"></a></div>
  <div class="post-meta"><a class="post-category" href="/category/news/">News</a></div>
  <h3 class="post-title"><a href="/2024/04/x-banned-pakistan-interior-ministry/" rel="bookmark">X banned in Pakistan, Interior Ministry confirms: Report</a></h3>
  <div class="post-excerpt"><p>In its submission, the Interior Ministry said the decision to impose a ban was “made in the interest of upholding national security, maintaining public order, and preserving the integrity” of the nation.</p></div>
  <div class="post-date"><time>28 mins ago</time></div>
</article>
<article class="mvp-widget-feat post type-post status-publish">
  <div class="post-thumb"><a href="/2024/04/it-ministry-cctv-security-requirements/"><img src="/wp-content/uploads/2024/04/it-ministry-cctv-security-requirements-300x169.jpg" alt="" loading="lazy" width="300" height="169"></a></div>
  <div class="post-meta"><a class="post-category" href="/category/news/">News</a></div>
  <h3 class="post-title"><a href="/2024/04/it-ministry-cctv-security-requirements/" rel="bookmark">IT Ministry Introduces Mandatory Security Requirements for CCTV Cameras</a></h3>
  <div class="post-excerpt"><p>Among other things, the security requirements include data encryption and regular review and updated access permissions to reflect personnel changes.</p></div>
  <div class="post-date"><time>43 mins ago</time></div>
</article>
<article class="mvp-widget-feat post type-post status-publish">
  <div class="post-thumb"><a href="/2024/04/microsoft-ai-foundation-models-ntia/"><img src="/wp-content/uploads/2024/04/microsoft-ai-foundation-models-ntia-300x169.jpg" alt="" loading="lazy" width="300" height="169"></a></div>
  <div class="post-meta"><a class="post-category" href="/category/news/">News</a></div>
  <h3 class="post-title"><a href="/2024/04/microsoft-ai-foundation-models-ntia/" rel="bookmark">Microsoft Recommends Risk-Based Approach to Releasing AI Foundation Models: Comments to US Govt’s Consultation</a></h3>
  <div class="post-excerpt"><p>the NTIA had earlier sought comments on the risks, benefits, and potential policy related to dual-use foundation models for which the model weights are widely...</p></div>
  <div class="post-date"><time>2 hours ago</time></div>
</article>
        </div>
      </section>
      <section class="mvp-side-widget"><div class="textwidget"><p>MediaNama’s mission is to help build a digital ecosystem which is open, fair, global and competitive.</p></div></section>
      <section class="mvp-side-widget"><div class="mvp-widget-home-head"><h4 class="mvp-widget-home-title"><span class="mvp-widget-home-title">Views</span></h4></div>
<article class="mvp-views-item post type-post status-publish">
  <div class="post-thumb"><a href="/2024/04/npci-ceo-regulations-fintech/"><img src="/wp-content/uploads/2024/04/npci-ceo-regulations-fintech-300x169.jpg" alt="" loading="lazy" width="300" height="169"></a></div>
  <div class="post-meta"><a class="post-category" href="/category/news/">News</a></div>
  <h3 class="post-title"><a href="/2024/04/npci-ceo-regulations-fintech/" rel="bookmark">Views: Response to NPCI CEO’s comments that what is not written in regulations is a no-go for fintech entities</a></h3>
  <div class="post-excerpt"><p>NPCI CEO Dilip Asbe recently said that what is not written in regulations is a no-go for fintech entities. But following this advice could...</p></div>
  <div class="post-date"><time>February 29, 2024</time></div>
</article>
<article class="mvp-views-item post type-post status-publish">
  <div class="post-thumb"><a href="/2024/04/phonepe-indus-appstore-opportunities/"><img src="/wp-content/uploads/2024/04/phonepe-indus-appstore-opportunities-300x169.jpg" alt="" loading="lazy" width="300" height="169"></a></div>
  <div class="post-meta"><a class="post-category" href="/category/news/">News</a></div>
  <h3 class="post-title"><a href="/2024/04/phonepe-indus-appstore-opportunities/" rel="bookmark">Views: The opportunities and challenges for PhonePe’s Indus Appstore</a></h3>
  <div class="post-excerpt"><p>Notably, Indus Appstore will allow app developers to use third-party billing systems for in-app billing without having to pay any commission to Indus, a...</p></div>
  <div class="post-date"><time>February 22, 2024</time></div>
</article>
<article class="mvp-views-item post type-post status-publish">
  <div class="post-thumb"><a href="/2024/04/rapido-subscription-model/"><img src="/wp-content/uploads/2024/04/rapido-subscription-model-300x169.jpg" alt="" loading="lazy" width="300" height="169"></a></div>
  <div class="post-meta"><a class="post-category" href="/category/news/">News</a></div>
  <h3 class="post-title"><a href="/2024/04/rapido-subscription-model/" rel="bookmark">Views: Why Rapido is moving to subscription model</a></h3>
  <div class="post-excerpt"><p>The existing commission-based model, which companies like Uber and Ola have used for a long time and still stick to, has received criticism from...</p></div>
  <div class="post-date"><time>February 19, 2024</time></div>
</article>
<article class="mvp-views-item post type-post status-publish">
  <div class="post-thumb"><a href="/2024/04/indus-appstore-google-play/"><img src="/wp-content/uploads/2024/04/indus-appstore-google-play-300x169.jpg" alt="" loading="lazy" width="300" height="169"></a></div>
  <div class="post-meta"><a class="post-category" href="/category/news/">News</a></div>
  <h3 class="post-title"><a href="/2024/04/indus-appstore-google-play/" rel="bookmark">Views: Why PhonePe’s Indus Appstore can challenge Google Play’s dominance in India</a></h3>
  <div class="post-excerpt"><p>Factors like Indus not charging developers any commission for in-app payments and antitrust orders issued by India's competition regulator against Google could contribute to...</p></div>
  <div class="post-date"><time>September 25, 2023</time></div>
</article>
<article class="mvp-views-item post type-post status-publish">
  <div class="post-thumb"><a href="/2024/04/open-source-ai-nebulous-concept/"><img src="/wp-content/uploads/2024/04/open-source-ai-nebulous-concept-300x169.jpg" alt="" loading="lazy" width="300" height="169"></a></div>
  <div class="post-meta"><a class="post-category" href="/category/news/">News</a></div>
  <h3 class="post-title"><a href="/2024/04/open-source-ai-nebulous-concept/" rel="bookmark">Views: Open Source AI—A Nebulous Concept Bearing a Heavy Weight</a></h3>
  <div class="post-excerpt"><p>Is open-sourcing of AI, and the use cases that come with it, a good starting point to discuss the responsibility and liability of AI?...</p></div>
  <div class="post-date"><time>September 20, 2023</time></div>
</article>
      </section>
      <section class="mvp-side-widget"><div class="textwidget"><p>Please subscribe to MediaNama. Don't share prints and PDFs.</p></div></section>
    </aside>
  </div>
  <div id="mvp-related-posts" class="left relative"><h4 class="mvp-widget-home-title"><span class="mvp-widget-home-title">You May Also Like</span></h4>
<article class="mvp-related-item post type-post status-publish">
  <div class="post-thumb"><a href="/2024/04/google-travel-trends-report/"><img src="/wp-content/uploads/2024/04/google-travel-trends-report-300x169.jpg" alt="" loading="lazy" width="300" height="169"></a></div>
  <div class="post-meta"><a class="post-category" href="/category/news/">News</a></div>
  <h3 class="post-title"><a href="/2024/04/google-travel-trends-report/" rel="bookmark">Search queries for international air tickets growing at 43% – Google</a></h3>
  <div class="post-excerpt"><p>Google has released a Google Travel Trends Report which states that branded budget hotel search queries grew 179% year over year (YOY) in India, in...</p></div>
  <div class="post-date"><time>March 23, 2016</time></div>
</article>
<article class="mvp-related-item post type-post status-publish">
  <div class="post-thumb"><a href="/2024/04/jobnama-9th-june-2010/"><img src="/wp-content/uploads/2024/04/jobnama-9th-june-2010-300x169.jpg" alt="" loading="lazy" width="300" height="169"></a></div>
  <div class="post-meta"><a class="post-category" href="/category/news/">News</a></div>
  <h3 class="post-title"><a href="/2024/04/jobnama-9th-june-2010/" rel="bookmark">Advertisement: 135 Digital Job Listings at JobNama – 9th June 2010</a></h3>
  <div class="post-excerpt"><p>135 job openings in over 60 companies are listed at our free Digital and Mobile Job Board: If you’re looking for a job, or...</p></div>
  <div class="post-date"><time>June 9, 2010</time></div>
</article>
<article class="mvp-related-item post type-post status-publish">
  <div class="post-thumb"><a href="/2024/04/twitter-takes-down-tweets-government-request/"><img src="/wp-content/uploads/2024/04/twitter-takes-down-tweets-government-request-300x169.jpg" alt="" loading="lazy" width="300" height="169"></a></div>
  <div class="post-meta"><a class="post-category" href="/category/news/">News</a></div>
  <h3 class="post-title"><a href="/2024/04/twitter-takes-down-tweets-government-request/" rel="bookmark">Twitter takes down tweets from MP, MLA, editor criticising handling of pandemic upon government request</a></h3>
  <div class="post-excerpt"><p>By Aroon Deep and Aditya Chunduru You’re reading it here first: Twitter has complied with government requests to censor 52 tweets that mostly criticised...</p></div>
  <div class="post-date"><time>April 24, 2021</time></div>
</article>
<article class="mvp-related-item post type-post status-publish">
  <div class="post-thumb"><a href="/2024/04/ola-uber-drivers-exhausted/"><img src="/wp-content/uploads/2024/04/ola-uber-drivers-exhausted-300x169.jpg" alt="" loading="lazy" width="300" height="169"></a></div>
  <div class="post-meta"><a class="post-category" href="/category/news/">News</a></div>
  <h3 class="post-title"><a href="/2024/04/ola-uber-drivers-exhausted/" rel="bookmark">Ola, Uber drivers say they are exhausted, fear being wiped out</a></h3>
  <div class="post-excerpt"><p>Rajesh Kumar* doesn’t have many enemies in life. But, Uber, for which he drives a cab everyday, is starting to look like one, he...</p></div>
  <div class="post-date"><time>February 24, 2021</time></div>
</article>
  </div>
</article>
</main>
<footer id="mvp-foot-wrap" class="left relative">
  <div id="mvp-foot-top"><div class="mvp-foot-logo"><a href="/"><img src="/wp-content/uploads/logo-white.png" alt="MediaNama"></a></div>
    <div class="mvp-foot-text"><p>MediaNama is the premier source of information and analysis on Technology Policy in India. More about MediaNama, and contact information, <a href="/about/">here</a>.</p></div></div>
  <div id="mvp-foot-bot"><div class="mvp-foot-copy"><p>© 2008-2021 Mixed Bag Media Pvt. Ltd. Developed By <a href="https://pixelvj.com/">PixelVJ</a></p></div></div>
</footer>
</div>
<div id="subscribe-popup" class="popmake" role="dialog" aria-modal="false">
  <div class="popmake-title">Subscribe to our daily newsletter</div>
  <form class="newsletter-form" action="/subscribe/" method="post">
    <label>Name:*</label><input type="text" name="name" required>
    <label>Your email address:*</label><input type="email" name="email" required>
    <span>*</span>
    <div class="form-error" hidden>Please enter all required fields <a href="#" class="hide">Click to hide</a></div>
    <div class="form-error" hidden>Correct invalid entries <a href="#" class="hide">Click to hide</a></div>
    <p class="nospam">No spam, ever. Promise.</p>
    <button type="submit">Subscribe</button>
  </form>
  <div class="mvp-foot-copy"><p>© 2008-2021 Mixed Bag Media Pvt. Ltd. Developed By PixelVJ</p></div>
</div>
<script src="/wp-content/themes/zox-news/js/mvpcustom.js?ver=6.4.3" id="mvp-custom-js"></script>
<script>jQuery(document).ready(function($) { $(".mvp-fly-but-click").on("click", function(){ $("#mvp-fly-wrap").toggleClass("mvp-fly-menu"); }); });</script>
</body>
</html>
"""##

    static let expectedTitle = ##"""
X banned in Pakistan, Interior Ministry confirms: Report
"""##

    static let expectedText = ##"""
Social Media platform X, formerly Twitter, has been banned in Pakistan for national security concerns, confirmed Pakistan’s Interior Ministry after months of allegations of shutdown. The Interior Ministry in a submission to Islamabad High Court on April 17 said, “The decision to impose a ban on Twitter/X in Pakistan was made in the interest of upholding national security, maintaining public order, and preserving the integrity of our nation,” Reuters reported.

Many users in Pakistan noted that Twitter had been blocked in Pakistan since earlier this year, on February 17. Despite confirmations from watchdogs such as NetBlocks, the Pakistani government gave no confirmation.

The submission made to the court said that Twitter had orders for the closure of X on February 17, 2024, based on the Federal Investigation Agency (FIA) Cybercrime Wing. The report claimed that the FIA requested X to ban accounts for their “defamatory campaign” against the Chief Justice of Pakistan. However, they claimed that X officials ignored the requests of the FIA Cybercrime Wing and did not respond, which led to the decision to temporarily block the platform.”It is very pertinent to mention here that the failure of Twitter/X to adhere to the lawful directives of the government of Pakistan and address concerns regarding the misuse of its platform necessitated the imposition of a ban”, the report stated.

The report also stated that the social media platform TikTok was also banned by the government. However, on signing a Memorandum of Understanding to comply with Pakistani law, it was unblocked.

X’s Global Government Affairs has said that it will, “continue to work with the Pakistani Government to understand their concerns.”

The Sindh High Court ordered the Pakistan Telecommunication Authority (PTA), the regulatory body, to give valid reasons for shutting down X and adjourned the hearing till May 9, in response to a separate complaint. It also ordered the interior ministry to rescind within a week its February 17 letter instructing the PTA to block X.

In March, Amnesty International along with 27 civil society organizations signed a joint statement calling for immediate restoration of X in Pakistan. The statement condemned the blocking of X for digital censorship and reminded that the banning undermines Pakistan’s international law commitments. Further, they said, “We are also dismayed by reports of throttling of VPNs, undermining people’s access to information and right to privacy.”

The banning of X in Pakistan came after widespread protests in the country over allegations of voter manipulation and election rigging in the 2024 general elections which took place back in February. Mobile phone services were also banned in February to “maintain law and order.”
"""##

    static let expectedPublished = "2024-04-18T06:12:31+05:30"
    static let expectedCanonical = "https://www.medianama.com/2024/04/223-x-banned-pakistan-interior-ministry/"
}
