using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding.Metadata;
using Microsoft.Extensions.Localization;

namespace BackCare.Web.Infrastructure;

/// <summary>
/// Form fields left empty bind as "" (not null), and non-nullable strings are not implicitly required, so
/// every page validates its own fields and answers with its own plain message instead of the framework's
/// "The X field is required." (or a null dereference).
/// </summary>
internal sealed class EmptyFormStringsStayEmpty : IDisplayMetadataProvider
{
    public void CreateDisplayMetadata(DisplayMetadataProviderContext context)
    {
        if (context.Key.ModelType == typeof(string)) context.DisplayMetadata.ConvertEmptyStringToNull = false;
    }

    public static void Apply(MvcOptions options)
    {
        options.ModelMetadataDetailsProviders.Add(new EmptyFormStringsStayEmpty());
        options.SuppressImplicitRequiredAttributeForNonNullableReferenceTypes = true;
    }

    /// <summary>Messages for values that cannot be read at all (letters in a number field), from the resource file.</summary>
    public static void Messages(MvcOptions options, IStringLocalizer<SharedResource> text)
    {
        var messages = options.ModelBindingMessageProvider;
        messages.SetAttemptedValueIsInvalidAccessor((value, _) => text["NotANumber", value]);
        messages.SetNonPropertyAttemptedValueIsInvalidAccessor(value => text["NotANumber", value]);
        messages.SetValueIsInvalidAccessor(value => text["NotANumber", value]);
        messages.SetValueMustBeANumberAccessor(_ => text["NotANumber", ""]);
    }
}
