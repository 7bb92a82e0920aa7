using ApiStudio.Engine.Scripting.CSharp.Guarding;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ApiStudio.Engine.Scripting.CSharp;

/// <summary>
/// Rewrites a compiled script so it cannot run away: a call to <see cref="__ApiStudioRunGuard.Check"/> at the start
/// of every loop body (while, do, for, foreach), every method, constructor, operator, accessor, local function,
/// lambda and anonymous method, and before every <c>goto</c>; a <see cref="__ApiStudioRunGuard.CanCatch"/> filter on
/// every <c>catch</c>; <c>Thread.Sleep</c> and <c>Task.Delay</c> (without a token) replaced by versions that end
/// with the run. Expression bodies become blocks (the semantic model of the original script says whether they
/// return a value); lambdas converted to expression trees are left alone. Nothing added contains a line break, so the
/// script keeps its line numbers.
/// </summary>
internal sealed class GuardRewriter(SemanticModel model) : CSharpSyntaxRewriter
{
    private static readonly string Guard = __ApiStudioRunGuard.Qualified;

    /// <summary>The first identifier of <paramref name="root"/> that names the guard (scripts may not), or null.</summary>
    public static SyntaxToken? FindReserved(SyntaxNode root)
    {
        foreach (var token in root.DescendantTokens())
        {
            if (token.IsKind(SyntaxKind.IdentifierToken) && token.ValueText.StartsWith("__ApiStudio", StringComparison.Ordinal))
            {
                return token;
            }
        }
        return null;
    }

    // Loops.

    public override SyntaxNode? VisitWhileStatement(WhileStatementSyntax node)
    {
        var visited = (WhileStatementSyntax)base.VisitWhileStatement(node)!;
        return visited.WithStatement(Guarded(visited.Statement));
    }

    public override SyntaxNode? VisitDoStatement(DoStatementSyntax node)
    {
        var visited = (DoStatementSyntax)base.VisitDoStatement(node)!;
        return visited.WithStatement(Guarded(visited.Statement));
    }

    public override SyntaxNode? VisitForStatement(ForStatementSyntax node)
    {
        var visited = (ForStatementSyntax)base.VisitForStatement(node)!;
        return visited.WithStatement(Guarded(visited.Statement));
    }

    public override SyntaxNode? VisitForEachStatement(ForEachStatementSyntax node)
    {
        var visited = (ForEachStatementSyntax)base.VisitForEachStatement(node)!;
        return visited.WithStatement(Guarded(visited.Statement));
    }

    public override SyntaxNode? VisitForEachVariableStatement(ForEachVariableStatementSyntax node)
    {
        var visited = (ForEachVariableStatementSyntax)base.VisitForEachVariableStatement(node)!;
        return visited.WithStatement(Guarded(visited.Statement));
    }

    public override SyntaxNode? VisitGotoStatement(GotoStatementSyntax node)
    {
        var visited = (GotoStatementSyntax)base.VisitGotoStatement(node)!;
        return Wrap([GuardCall(), visited.WithoutTrivia()], visited.GetLeadingTrivia(), visited.GetTrailingTrivia());
    }

    // Catch clauses: once the run is stopped, no catch of the script catches.

    public override SyntaxNode? VisitCatchClause(CatchClauseSyntax node)
    {
        var visited = (CatchClauseSyntax)base.VisitCatchClause(node)!;
        var canCatch = SyntaxFactory.ParseExpression($"{Guard}.{nameof(__ApiStudioRunGuard.CanCatch)}()");
        if (visited.Filter is { } filter)
        {
            var both = SyntaxFactory.BinaryExpression(SyntaxKind.LogicalAndExpression,
                canCatch.WithTrailingTrivia(SyntaxFactory.Space),
                SyntaxFactory.Token(SyntaxKind.AmpersandAmpersandToken).WithTrailingTrivia(SyntaxFactory.Space),
                SyntaxFactory.ParenthesizedExpression(filter.FilterExpression));
            return visited.WithFilter(filter.WithFilterExpression(both));
        }
        var clause = SyntaxFactory.CatchFilterClause(
            SyntaxFactory.Token(SyntaxKind.WhenKeyword).WithLeadingTrivia(SyntaxFactory.Space).WithTrailingTrivia(SyntaxFactory.Space),
            SyntaxFactory.Token(SyntaxKind.OpenParenToken),
            canCatch,
            SyntaxFactory.Token(SyntaxKind.CloseParenToken).WithTrailingTrivia(SyntaxFactory.Space));
        return visited.WithFilter(clause);
    }

    // Sleeping and waiting end with the run.

    public override SyntaxNode? VisitInvocationExpression(InvocationExpressionSyntax node)
    {
        var symbol = model.GetSymbolInfo(node).Symbol as IMethodSymbol;
        var visited = (InvocationExpressionSyntax)base.VisitInvocationExpression(node)!;
        if (symbol is { IsStatic: true, Parameters.Length: 1 } && symbol.Parameters[0].Type.SpecialType is SpecialType.System_Int32 or SpecialType.None)
        {
            var type = symbol.ContainingType.ToDisplayString();
            var replacement = (type, symbol.Name) switch
            {
                ("System.Threading.Thread", "Sleep") => nameof(__ApiStudioRunGuard.Sleep),
                ("System.Threading.Tasks.Task", "Delay") => nameof(__ApiStudioRunGuard.Delay),
                _ => null,
            };
            if (replacement is not null)
            {
                return visited.WithExpression(SyntaxFactory.ParseExpression($"{Guard}.{replacement}").WithTriviaFrom(visited.Expression));
            }
        }
        return visited;
    }

    // Methods, constructors, operators, accessors, local functions.

    public override SyntaxNode? VisitMethodDeclaration(MethodDeclarationSyntax node) => GuardMethod(node, base.VisitMethodDeclaration(node));

    public override SyntaxNode? VisitConstructorDeclaration(ConstructorDeclarationSyntax node) => GuardMethod(node, base.VisitConstructorDeclaration(node));

    public override SyntaxNode? VisitDestructorDeclaration(DestructorDeclarationSyntax node) => GuardMethod(node, base.VisitDestructorDeclaration(node));

    public override SyntaxNode? VisitOperatorDeclaration(OperatorDeclarationSyntax node) => GuardMethod(node, base.VisitOperatorDeclaration(node));

    public override SyntaxNode? VisitConversionOperatorDeclaration(ConversionOperatorDeclarationSyntax node) =>
        GuardMethod(node, base.VisitConversionOperatorDeclaration(node));

    public override SyntaxNode? VisitLocalFunctionStatement(LocalFunctionStatementSyntax node)
    {
        var returnsValue = ReturnsValue(model.GetDeclaredSymbol(node) as IMethodSymbol);
        var visited = (LocalFunctionStatementSyntax)base.VisitLocalFunctionStatement(node)!;
        if (visited.Body is { } body)
        {
            return visited.WithBody(GuardBlock(body));
        }
        if (visited.ExpressionBody is { } arrow && returnsValue is { } value)
        {
            return visited.WithExpressionBody(null).WithSemicolonToken(default)
                .WithBody(BlockFor(arrow.Expression, value, visited.SemicolonToken.TrailingTrivia));
        }
        return visited;
    }

    public override SyntaxNode? VisitAccessorDeclaration(AccessorDeclarationSyntax node)
    {
        var returnsValue = ReturnsValue(model.GetDeclaredSymbol(node) as IMethodSymbol);
        var visited = (AccessorDeclarationSyntax)base.VisitAccessorDeclaration(node)!;
        if (visited.Body is { } body)
        {
            return visited.WithBody(GuardBlock(body));
        }
        if (visited.ExpressionBody is { } arrow && returnsValue is { } value)
        {
            return visited.WithExpressionBody(null).WithSemicolonToken(default)
                .WithBody(BlockFor(arrow.Expression, value, visited.SemicolonToken.TrailingTrivia));
        }
        return visited;
    }

    public override SyntaxNode? VisitPropertyDeclaration(PropertyDeclarationSyntax node)
    {
        var visited = (PropertyDeclarationSyntax)base.VisitPropertyDeclaration(node)!;
        if (visited.ExpressionBody is not { } arrow)
        {
            return visited;
        }
        return visited.WithExpressionBody(null).WithSemicolonToken(default)
            .WithAccessorList(Getter(arrow.Expression, visited.SemicolonToken.TrailingTrivia));
    }

    public override SyntaxNode? VisitIndexerDeclaration(IndexerDeclarationSyntax node)
    {
        var visited = (IndexerDeclarationSyntax)base.VisitIndexerDeclaration(node)!;
        if (visited.ExpressionBody is not { } arrow)
        {
            return visited;
        }
        return visited.WithExpressionBody(null).WithSemicolonToken(default)
            .WithAccessorList(Getter(arrow.Expression, visited.SemicolonToken.TrailingTrivia));
    }

    // Lambdas and anonymous methods.

    public override SyntaxNode? VisitSimpleLambdaExpression(SimpleLambdaExpressionSyntax node) => GuardLambda(node, () => base.VisitSimpleLambdaExpression(node));

    public override SyntaxNode? VisitParenthesizedLambdaExpression(ParenthesizedLambdaExpressionSyntax node) =>
        GuardLambda(node, () => base.VisitParenthesizedLambdaExpression(node));

    public override SyntaxNode? VisitAnonymousMethodExpression(AnonymousMethodExpressionSyntax node) =>
        GuardLambda(node, () => base.VisitAnonymousMethodExpression(node));

    private SyntaxNode? GuardLambda(AnonymousFunctionExpressionSyntax node, Func<SyntaxNode?> visit)
    {
        if (IsExpressionTree(model.GetTypeInfo(node).ConvertedType))
        {
            return node;
        }
        var returnsValue = ReturnsValue(model.GetSymbolInfo(node).Symbol as IMethodSymbol);
        var visited = (AnonymousFunctionExpressionSyntax)visit()!;
        if (visited.Block is { } block)
        {
            return visited.WithBlock(GuardBlock(block));
        }
        if (visited.ExpressionBody is { } expression && returnsValue is { } value)
        {
            return visited.WithExpressionBody(null).WithBlock(BlockFor(expression, value, default));
        }
        return visited;
    }

    private SyntaxNode? GuardMethod(BaseMethodDeclarationSyntax original, SyntaxNode? visitedNode)
    {
        var visited = (BaseMethodDeclarationSyntax)visitedNode!;
        if (visited.Body is { } body)
        {
            return visited.WithBody(GuardBlock(body));
        }
        if (visited.ExpressionBody is { } arrow && ReturnsValue(model.GetDeclaredSymbol(original) as IMethodSymbol) is { } value)
        {
            return visited.WithExpressionBody(null).WithSemicolonToken(default)
                .WithBody(BlockFor(arrow.Expression, value, visited.SemicolonToken.TrailingTrivia));
        }
        return visited;
    }

    /// <summary>
    /// Whether the body of <paramref name="method"/> returns a value (<c>return x;</c>) rather than not
    /// (void, or async returning a plain Task); null when unknown.
    /// </summary>
    private static bool? ReturnsValue(IMethodSymbol? method) => method switch
    {
        null => null,
        { ReturnsVoid: true } => false,
        { IsAsync: true, ReturnType: INamedTypeSymbol { Arity: 0 } } => false,
        _ => true,
    };

    private static bool IsExpressionTree(ITypeSymbol? type)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (current.ContainingNamespace?.ToDisplayString() == "System.Linq.Expressions" && current.Name is "Expression" or "LambdaExpression")
            {
                return true;
            }
        }
        return false;
    }

    private static StatementSyntax GuardCall() =>
        SyntaxFactory.ParseStatement($"{Guard}.{nameof(__ApiStudioRunGuard.Check)}();").WithTrailingTrivia(SyntaxFactory.Space);

    private static BlockSyntax GuardBlock(BlockSyntax block) => block.WithStatements(block.Statements.Insert(0, GuardCall()));

    private static StatementSyntax Guarded(StatementSyntax statement) => statement is BlockSyntax block
        ? GuardBlock(block)
        : Wrap([GuardCall(), statement.WithoutTrivia()], statement.GetLeadingTrivia(), statement.GetTrailingTrivia());

    private static BlockSyntax Wrap(StatementSyntax[] statements, SyntaxTriviaList leading, SyntaxTriviaList trailing) =>
        SyntaxFactory.Block(
            SyntaxFactory.Token(SyntaxKind.OpenBraceToken).WithLeadingTrivia(leading).WithTrailingTrivia(SyntaxFactory.Space),
            SyntaxFactory.List(statements),
            SyntaxFactory.Token(SyntaxKind.CloseBraceToken).WithLeadingTrivia(SyntaxFactory.Space).WithTrailingTrivia(trailing));

    /// <summary><c>{ Check(); return expression; }</c>, or without <c>return</c> for a body that returns nothing.</summary>
    private static BlockSyntax BlockFor(ExpressionSyntax expression, bool returnsValue, SyntaxTriviaList trailing)
    {
        var semicolon = SyntaxFactory.Token(SyntaxKind.SemicolonToken);
        StatementSyntax statement = expression switch
        {
            ThrowExpressionSyntax thrown => SyntaxFactory.ThrowStatement(
                SyntaxFactory.Token(SyntaxKind.ThrowKeyword).WithTrailingTrivia(SyntaxFactory.Space), thrown.Expression, semicolon),
            _ when returnsValue => SyntaxFactory.ReturnStatement(
                SyntaxFactory.Token(SyntaxKind.ReturnKeyword).WithTrailingTrivia(SyntaxFactory.Space), expression, semicolon),
            _ => SyntaxFactory.ExpressionStatement(expression, semicolon),
        };
        return Wrap([GuardCall(), statement], default, trailing);
    }

    private static AccessorListSyntax Getter(ExpressionSyntax expression, SyntaxTriviaList trailing) =>
        SyntaxFactory.AccessorList(
            SyntaxFactory.Token(SyntaxKind.OpenBraceToken).WithTrailingTrivia(SyntaxFactory.Space),
            SyntaxFactory.SingletonList(SyntaxFactory.AccessorDeclaration(SyntaxKind.GetAccessorDeclaration, BlockFor(expression, true, default))),
            SyntaxFactory.Token(SyntaxKind.CloseBraceToken).WithLeadingTrivia(SyntaxFactory.Space).WithTrailingTrivia(trailing));
}
