namespace ApiStudio.Studio.Editor.Model;

/// <summary>
/// Walker's tidy tree in linear time (Buchheim, Jünger and Leipert, 2002), for nodes of different sizes along the
/// breadth axis: children keep their order, a parent is centred on its first and last child, neighbouring
/// sub-trees are pushed apart level by level as little as their contours need, and the space won is shared out
/// between the sub-trees in between. Iterative, so any depth is safe.
/// </summary>
internal sealed class TidyTree
{
    private readonly List<int>[] _children;
    private readonly int[] _parent;
    private readonly int[] _number;
    private readonly double[] _size;
    private readonly double[] _prelim;
    private readonly double[] _mod;
    private readonly double[] _shift;
    private readonly double[] _change;
    private readonly double[] _middle;
    private readonly int[] _thread;
    private readonly int[] _ancestor;
    private readonly double _gap;

    /// <param name="children">The children of each node, in order; node 0 is the root.</param>
    /// <param name="size">The extent of each node along the breadth axis.</param>
    /// <param name="gap">The least space between neighbouring nodes of a level.</param>
    public TidyTree(List<int>[] children, double[] size, double gap)
    {
        var count = children.Length;
        _children = children;
        _size = size;
        _gap = gap;
        _parent = new int[count];
        _number = new int[count];
        _prelim = new double[count];
        _mod = new double[count];
        _shift = new double[count];
        _change = new double[count];
        _middle = new double[count];
        _thread = new int[count];
        _ancestor = new int[count];
        _parent[0] = -1;
        for (var v = 0; v < count; v++)
        {
            _thread[v] = -1;
            _ancestor[v] = v;
            for (var i = 0; i < children[v].Count; i++)
            {
                _parent[children[v][i]] = v;
                _number[children[v][i]] = i + 1;
            }
        }
    }

    /// <summary>The centre of every node along the breadth axis.</summary>
    public double[] Centres()
    {
        // Children before their parents: the reverse of a pre-order.
        var order = new List<int>(_children.Length);
        var pending = new Stack<int>();
        pending.Push(0);
        while (pending.TryPop(out var v))
        {
            order.Add(v);
            foreach (var child in _children[v])
            {
                pending.Push(child);
            }
        }
        for (var i = order.Count - 1; i >= 0; i--)
        {
            PlaceChildren(order[i]);
        }
        var centre = new double[_children.Length];
        var walk = new Stack<(int Node, double Offset)>();
        walk.Push((0, -_prelim[0]));
        while (walk.TryPop(out var item))
        {
            centre[item.Node] = _prelim[item.Node] + item.Offset;
            foreach (var child in _children[item.Node])
            {
                walk.Push((child, item.Offset + _mod[item.Node]));
            }
        }
        return centre;
    }

    /// <summary>The first walk for one node whose sub-trees are laid out: places its children side by side.</summary>
    private void PlaceChildren(int v)
    {
        var children = _children[v];
        if (children.Count == 0)
        {
            return;
        }
        var defaultAncestor = children[0];
        for (var i = 0; i < children.Count; i++)
        {
            var w = children[i];
            if (i == 0)
            {
                _prelim[w] = _middle[w];
            }
            else
            {
                var left = children[i - 1];
                _prelim[w] = _prelim[left] + Distance(left, w);
                if (_children[w].Count > 0)
                {
                    _mod[w] = _prelim[w] - _middle[w];
                }
                defaultAncestor = Apportion(w, left, children[0], defaultAncestor);
            }
        }
        ExecuteShifts(v);
        _middle[v] = (_prelim[children[0]] + _prelim[children[^1]]) / 2;
    }

    private int Apportion(int v, int leftSibling, int leftmostSibling, int defaultAncestor)
    {
        int insideRight = v, outsideRight = v, insideLeft = leftSibling, outsideLeft = leftmostSibling;
        double sumInsideRight = _mod[insideRight], sumOutsideRight = _mod[outsideRight];
        double sumInsideLeft = _mod[insideLeft], sumOutsideLeft = _mod[outsideLeft];
        while (NextRight(insideLeft) >= 0 && NextLeft(insideRight) >= 0)
        {
            insideLeft = NextRight(insideLeft);
            insideRight = NextLeft(insideRight);
            outsideLeft = NextLeft(outsideLeft);
            outsideRight = NextRight(outsideRight);
            _ancestor[outsideRight] = v;
            var shift = _prelim[insideLeft] + sumInsideLeft - (_prelim[insideRight] + sumInsideRight) + Distance(insideLeft, insideRight);
            if (shift > 0)
            {
                MoveSubtree(Ancestor(insideLeft, v, defaultAncestor), v, shift);
                sumInsideRight += shift;
                sumOutsideRight += shift;
            }
            sumInsideLeft += _mod[insideLeft];
            sumInsideRight += _mod[insideRight];
            sumOutsideLeft += _mod[outsideLeft];
            sumOutsideRight += _mod[outsideRight];
        }
        if (NextRight(insideLeft) >= 0 && NextRight(outsideRight) < 0)
        {
            _thread[outsideRight] = NextRight(insideLeft);
            _mod[outsideRight] += sumInsideLeft - sumOutsideRight;
        }
        if (NextLeft(insideRight) >= 0 && NextLeft(outsideLeft) < 0)
        {
            _thread[outsideLeft] = NextLeft(insideRight);
            _mod[outsideLeft] += sumInsideRight - sumOutsideLeft;
            defaultAncestor = v;
        }
        return defaultAncestor;
    }

    private void MoveSubtree(int left, int right, double shift)
    {
        var subtrees = _number[right] - _number[left];
        _change[right] -= shift / subtrees;
        _shift[right] += shift;
        _change[left] += shift / subtrees;
        _prelim[right] += shift;
        _mod[right] += shift;
    }

    private void ExecuteShifts(int v)
    {
        double shift = 0, change = 0;
        var children = _children[v];
        for (var i = children.Count - 1; i >= 0; i--)
        {
            var w = children[i];
            _prelim[w] += shift;
            _mod[w] += shift;
            change += _change[w];
            shift += _shift[w] + change;
        }
    }

    private int Ancestor(int insideLeft, int v, int defaultAncestor) =>
        _parent[_ancestor[insideLeft]] == _parent[v] ? _ancestor[insideLeft] : defaultAncestor;

    private int NextLeft(int v) => _children[v].Count > 0 ? _children[v][0] : _thread[v];

    private int NextRight(int v) => _children[v].Count > 0 ? _children[v][^1] : _thread[v];

    private double Distance(int left, int right) => (_size[left] + _size[right]) / 2 + _gap;
}
