using System.Globalization;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;
using Microsoft.Extensions.Localization;

namespace BackCare.Web.Infrastructure;

/// <summary>Resource strings that contain markup: the markup is ours (in the .resx), every argument is encoded.</summary>
public static class LocalizedHtml
{
    public static IHtmlContent Html(this IStringLocalizer localizer, string key, params object[] args) =>
        new HtmlString(string.Format(CultureInfo.CurrentCulture, localizer[key].Value,
            [.. args.Select(a => HtmlEncoder.Default.Encode(Convert.ToString(a, CultureInfo.CurrentCulture) ?? ""))]));
}
