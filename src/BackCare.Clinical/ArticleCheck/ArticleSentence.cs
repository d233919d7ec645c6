namespace BackCare.Clinical.ArticleCheck;

/// <summary>One sentence of an article and where it sits: <see cref="Start"/> inclusive, <see cref="End"/> exclusive, in characters.</summary>
public sealed record ArticleSentence(string Text, int Start, int End);
