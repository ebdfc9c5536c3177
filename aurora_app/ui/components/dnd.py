"""Drag and drop for the kanban: ``@hello-pangea/dnd`` wrapped as Reflex custom components.

The library's ``Droppable``/``Draggable`` take render-prop children, which Reflex cannot write,
so a small local module (``assets/aurora_dnd.js``) adapts them: ``KanbanBoard`` (the
``DragDropContext``), ``KanbanColumn`` (a ``Droppable``) and ``KanbanCard`` (a ``Draggable``
whose whole body is the drag handle) each render a plain ``div`` around Reflex children. The
board emits one event per drop, ``on_move(lead_id, estagio, indice)``; everything else (the
optimistic move, the service call, the rollback) is the state's job. The library brings mouse,
touch and keyboard dragging (space lifts, arrows move, space drops, Esc cancels).
"""

from __future__ import annotations

import reflex as rx
from reflex.event import passthrough_event_spec

DND_PACKAGE = "@hello-pangea/dnd@18.0.1"  # pinned; bun records it in reflex.lock/
DND_MODULE = "$/public/aurora_dnd.js"  # assets/aurora_dnd.js


class _PangeaDnd(rx.Component):
    library = DND_MODULE
    lib_dependencies: list[str] = [DND_PACKAGE]  # noqa: RUF012 - Reflex's own declaration style


class KanbanBoard(_PangeaDnd):
    tag = "KanbanBoard"

    on_move: rx.EventHandler[passthrough_event_spec(str, str, int)]


class KanbanColumn(_PangeaDnd):
    tag = "KanbanColumn"

    droppable_id: rx.Var[str]


class KanbanCard(_PangeaDnd):
    tag = "KanbanCard"

    draggable_id: rx.Var[str]
    index: rx.Var[int]
    label: rx.Var[str]  # the card's accessible name


kanban_board = KanbanBoard.create
kanban_column = KanbanColumn.create
kanban_card = KanbanCard.create
