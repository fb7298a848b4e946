"""The transformer block, read off the real code of ``dlnotes.attention``.

Prints the lines of ``TransformerBlock.forward`` that compute the block (after
its docstring and input checks), taken from the installed source itself.
"""

import inspect
import textwrap

from dlnotes.attention import TransformerBlock

# --8<-- [start:block]
source = inspect.getsource(TransformerBlock.forward)
body = source[source.index("h = self.attn") :]  # after docstring and checks
print(textwrap.dedent("        " + body))
# --8<-- [end:block]
