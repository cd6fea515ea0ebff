import { render } from 'preact';
import { App } from './app';
import { storeToken, takeTokenFromLink } from './session';
import './styles.css';

// Before the first render, so the token never shows in the address bar while the app starts.
const linked = takeTokenFromLink();
if (linked) storeToken(linked);

render(<App />, document.getElementById('app')!);
