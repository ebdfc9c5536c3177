// Aurora's kanban drag and drop: thin wrappers over @hello-pangea/dnd whose render-prop children
// Reflex cannot express. Children stay Reflex components (the cards look as before); the board
// reports a drop once, as onMove(leadId, estagio, indice), and the state does the rest.
import { createElement } from "react";
import { DragDropContext, Draggable, Droppable } from "@hello-pangea/dnd";

const INSTRUCOES =
  "Pressione espaço para pegar o card, use as setas para mudar de coluna e espaço para soltar; Esc cancela.";

export function KanbanBoard({ onMove, children, ...rest }) {
  const onDragEnd = (result) => {
    const destino = result.destination;
    if (!destino || !onMove) return;
    if (destino.droppableId === result.source.droppableId && destino.index === result.source.index) return;
    onMove(result.draggableId, destino.droppableId, destino.index);
  };
  return createElement(
    DragDropContext,
    { onDragEnd, dragHandleUsageInstructions: INSTRUCOES },
    createElement("div", rest, children),
  );
}

export function KanbanColumn({ droppableId, children, ...rest }) {
  return createElement(Droppable, { droppableId }, (provided, snapshot) =>
    createElement(
      "div",
      {
        ...rest,
        ref: provided.innerRef,
        ...provided.droppableProps,
        "data-dragging-over": snapshot.isDraggingOver ? "true" : "false",
      },
      children,
      provided.placeholder,
    ),
  );
}

// The whole card is the handle. Its role is "group", not the library's "button": a button may not
// hold the card's link and menu (axe: nested-interactive); keyboard dragging does not need it.
export function KanbanCard({ draggableId, index, label, children, ...rest }) {
  return createElement(Draggable, { draggableId: String(draggableId), index: Number(index) }, (provided, snapshot) =>
    createElement(
      "div",
      {
        ...rest,
        ref: provided.innerRef,
        ...provided.draggableProps,
        ...provided.dragHandleProps,
        role: "group",
        "aria-roledescription": "card arrastável",
        "aria-label": label,
        style: { ...(rest.style || {}), ...provided.draggableProps.style },
        "data-dragging": snapshot.isDragging ? "true" : "false",
      },
      children,
    ),
  );
}
