/// The element kinds the article extractor distinguishes. Everything else is `.other`
/// (treated as inline). `.text` marks text nodes in `ArticleTree`.
enum Tag: UInt8 {
    case text, other
    case html, head, body, title, meta, link, base, script, style, noscript, template
    case svg, math, iframe, object, embed, canvas, video, audio, source
    case form, fieldset, input, textarea, select, button, option, label, dialog
    case nav, header, footer, aside, main, article, section, div, span, p, br, hr, a, img
    case figure, figcaption, picture, h1, h2, h3, h4, h5, h6, ul, ol, li, dl, dt, dd
    case table, thead, tbody, tfoot, tr, td, th, caption, blockquote, pre, code, address
    case details, summary, time, menu, center, font, b, strong, em, i, sup, sub, small, frameset, frame

    static let byName: [String: Tag] = {
        var m: [String: Tag] = [:]
        let all: [Tag] = [
            .html, .head, .body, .title, .meta, .link, .base, .script, .style, .noscript, .template,
            .svg, .math, .iframe, .object, .embed, .canvas, .video, .audio, .source,
            .form, .fieldset, .input, .textarea, .select, .button, .option, .label, .dialog,
            .nav, .header, .footer, .aside, .main, .article, .section, .div, .span, .p, .br, .hr, .a, .img,
            .figure, .figcaption, .picture, .h1, .h2, .h3, .h4, .h5, .h6, .ul, .ol, .li, .dl, .dt, .dd,
            .table, .thead, .tbody, .tfoot, .tr, .td, .th, .caption, .blockquote, .pre, .code, .address,
            .details, .summary, .time, .menu, .center, .font, .b, .strong, .em, .i, .sup, .sub, .small,
            .frameset, .frame,
        ]
        for t in all { m["\(t)"] = t }
        return m
    }()

    /// Block-level elements: text assembly starts a new line at their start and end.
    var isBlock: Bool {
        switch self {
        case .address, .article, .aside, .blockquote, .dd, .details, .div, .dl, .dt, .figcaption,
             .figure, .footer, .form, .h1, .h2, .h3, .h4, .h5, .h6, .header, .hr, .li, .main, .nav,
             .ol, .p, .pre, .section, .table, .tbody, .thead, .tfoot, .tr, .td, .th, .ul, .caption,
             .center, .summary, .menu, .fieldset, .body, .html, .dialog:
            return true
        default:
            return false
        }
    }

    var isHeading: Bool {
        switch self {
        case .h1, .h2, .h3, .h4, .h5, .h6: return true
        default: return false
        }
    }

    /// Subtrees never read for text (their content is code, media or UI).
    var isSkipped: Bool {
        switch self {
        case .script, .style, .noscript, .template, .svg, .canvas, .video, .audio,
             .select, .textarea, .button, .option, .input, .head, .title, .meta, .link, .base,
             .iframe, .object, .embed, .frameset, .frame, .source, .dialog:
            return true
        default:
            return false
        }
    }

    /// Containers whose presence inside a `div` means the div is not itself a paragraph.
    var breaksParagraph: Bool {
        switch self {
        case .blockquote, .dl, .div, .img, .ol, .p, .pre, .table, .ul, .section, .article,
             .header, .footer, .aside, .nav, .main, .figure, .form, .h1, .h2, .h3, .h4, .h5, .h6,
             .li, .address, .details, .fieldset, .hr, .menu, .center:
            return true
        default:
            return false
        }
    }
}
