using BackCare.Clinical.Evidence;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace BackCare.Web.Pages.Guides;

public sealed class TechniqueModel(EvidenceBase evidence) : PageModel
{
    public EvidenceBase Evidence { get; } = evidence;

    public Technique? Technique { get; private set; }

    public IActionResult OnGet(string id)
    {
        Technique = Evidence.Find(id ?? "") as Technique;
        return Technique is null ? NotFound() : Page();
    }
}
