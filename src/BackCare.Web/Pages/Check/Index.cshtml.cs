using System.Text;
using BackCare.App.ArticleCheck;
using BackCare.Clinical.ArticleCheck;
using BackCare.Clinical.Evidence;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace BackCare.Web.Pages.Check;

/// <summary>
/// /Check: anyone, signed in or not, pastes an article or uploads a file and sees each claim checked against the
/// evidence base (issue 18). Nothing is stored or fetched; the text is not logged. The form is antiforgery-protected
/// like every post. Requests over the form limit are refused by the server before the page; text over
/// <see cref="ArticleInput.MaxCharacters"/> gets a clear message.
/// </summary>
[RequestFormLimits(MultipartBodyLengthLimit = FormLimit, ValueLengthLimit = FormLimit)]
[RequestSizeLimit(FormLimit)]
public sealed class IndexModel(ArticleCheckService service, EvidenceBase evidence, IStringLocalizer<SharedResource> text) : PageModel
{
    /// <summary>Room for the largest accepted article in UTF-8 plus the form around it.</summary>
    public const int FormLimit = 1_000_000;

    [BindProperty]
    public string Text { get; set; } = "";

    [BindProperty]
    public IFormFile? Upload { get; set; }

    public EvidenceBase Evidence { get; } = evidence;

    public ArticleCheckResult? Result { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var input = Text;
        string? fileName = null;
        if (Upload is { Length: > 0 } file)
        {
            if (file.Length > ArticleInput.MaxCharacters * 4L) return Refuse(nameof(Text), text["CheckTooLarge"]);
            using var reader = new StreamReader(file.OpenReadStream(), new UTF8Encoding(false, throwOnInvalidBytes: true));
            try
            {
                input = await reader.ReadToEndAsync(ct);
            }
            catch (DecoderFallbackException)
            {
                return Refuse(nameof(Upload), text["CheckUnreadableFile"]);
            }

            fileName = file.FileName;
        }

        if (string.IsNullOrWhiteSpace(input)) return Refuse(nameof(Text), text["CheckEmpty"]);
        if (input.Length > ArticleInput.MaxCharacters) return Refuse(nameof(Text), text["CheckTooLarge"]);
        var (result, error) = service.Check(input, fileName);
        if (result is null) return Refuse(nameof(Text), error?.Message ?? text["CheckEmpty"]);
        Result = result;

        // The results stand for the article now; the text box is emptied so no dose it quoted is shown back (a refused
        // article keeps its text, so nothing is lost).
        Text = "";
        ModelState.Remove(nameof(Text));
        return Page();
    }

    private PageResult Refuse(string field, string message)
    {
        ModelState.AddModelError(field, message);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    public string VerdictLabel(ArticleVerdict verdict) => verdict switch
    {
        ArticleVerdict.Supported => text["VerdictSupported"],
        ArticleVerdict.Contradicted => text["VerdictContradicted"],
        ArticleVerdict.Overstated => text["VerdictOverstated"],
        ArticleVerdict.NotCheckable => text["VerdictNotCheckable"],
        _ => text["VerdictUnsupported"],
    };

    public string OmissionLabel(string kind) => kind switch
    {
        "opioid_co_use" => text["OmissionOpioidCoUse"],
        "dependence_withdrawal" => text["OmissionDependenceWithdrawal"],
        "boxed_warning" => text["OmissionBoxedWarning"],
        "beers" => text["OmissionBeers"],
        "pregnancy" => text["OmissionPregnancy"],
        _ => text["OmissionGuidelineAlternative"],
    };

    public string Citation(string id) => Evidence.ShortCitation(id);
}
