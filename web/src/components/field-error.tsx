/** An API error shown under the input it names, and tied to it for screen readers. */
export function FieldError(props: { id: string; messages: string[] | undefined }) {
  if (!props.messages?.length) return null;
  return (
    <p id={`${props.id}-error`} class="field-error">
      {props.messages.join('；')}
    </p>
  );
}

export function describedBy(id: string, messages: string[] | undefined) {
  return messages?.length ? { 'aria-invalid': true, 'aria-describedby': `${id}-error` } : {};
}
